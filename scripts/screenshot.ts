/**
 * Regenerates docs/exercise-page.png for the README: the tcp-echo page after
 * a check of a realistic wrong solution (it turns binary data into text).
 *   node --import tsx scripts/screenshot.ts
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { findExercise, loadExercises } from '../runner/exercises.ts';
import { projectRoot, siteDistDir } from '../runner/paths.ts';
import { buildSite, siteIsStale } from '../runner/site-build.ts';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { startTestRunner } from '../tests/support/test-runner.ts';

const exercise = findExercise(loadExercises(), 'tcp-echo');
if (siteIsStale()) await buildSite();
const runner = await startTestRunner({ staticDir: siteDistDir, warm: true });
const browser = await launchBrowser();
try {
  const target = path.join(runner.workspaceDir, exercise.id, exercise.file);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(path.join(exercise.dir, 'mutants', 'utf8-strings.ts'), target);
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  await page.goto(`${runner.origin}/exercises/${exercise.id}/#token=${runner.token}`);
  const run = page.getByRole('button', { name: 'Run checks' });
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-action="check"]')?.disabled);
  await run.click();
  await page.waitForFunction(() => document.querySelector('[data-summary]')?.getAttribute('data-status'), undefined, { timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(projectRoot, 'docs', 'exercise-page.png') });
} finally {
  await browser.close();
  await runner.close();
}
