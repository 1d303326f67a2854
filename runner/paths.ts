/** Where things are, relative to the project checkout (not to the current directory). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout is the nearest folder above this module that holds
 * `exercises/`: walking up (rather than a fixed "..") keeps it right when
 * the site's build bundles this module into dist/chunks/.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'exercises', 'vitest.config.ts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Sockets Lab checkout (a folder with exercises/vitest.config.ts).');
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot();
export const exercisesDir = path.join(projectRoot, 'exercises');
export const siteDistDir = path.join(projectRoot, 'dist');
/** Default learner workspace; SOCKETS_LAB_WORKSPACE or --workspace moves it. */
export const defaultWorkspaceDir = path.join(projectRoot, 'workspace');
