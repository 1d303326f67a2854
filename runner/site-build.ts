/**
 * The built site is a cache of content/, exercises/ and site/: rebuild it
 * when any source is newer than the last build, so `npm start` after a
 * `git pull` never serves stale lessons.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot, siteDistDir } from './paths.ts';

const SOURCES = ['content', 'exercises', 'site', 'public', 'schema', 'astro.config.mjs', 'package.json'];
const STAMP = path.join(siteDistDir, '.sockets-lab-build');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function siteIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(projectRoot, source)) > built);
}

export async function buildSite(): Promise<void> {
  // astro's package exports do not include its CLI file: find it next to package.json.
  const astro = path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'astro.js');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [astro, 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`Building the site failed (astro build exited with ${code}); the messages above name the file and field.`);
  writeFileSync(STAMP, new Date().toISOString());
}
