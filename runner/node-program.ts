/** How the runner starts TypeScript programs: this Node, with tsx's loader, so no build step sits between a save and a run. */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve('tsx/esm')).href;

export function nodeTypeScriptArgs(script: string, args: string[] = []): { file: string; args: string[] } {
  return { file: process.execPath, args: ['--import', tsxLoader, script, ...args] };
}
