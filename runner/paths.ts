/** Where things are, relative to the project checkout (not to the current directory). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const exercisesDir = path.join(projectRoot, 'exercises');
export const siteDistDir = path.join(projectRoot, 'dist');
/** Default learner workspace; SOCKETS_LAB_WORKSPACE or --workspace moves it. */
export const defaultWorkspaceDir = path.join(projectRoot, 'workspace');
