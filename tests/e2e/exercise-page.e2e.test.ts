/**
 * The core loop as a learner lives it, in real Chromium: open the course
 * link, read a lesson, go to its exercise, press Run checks, watch the
 * output stream into the terminal and the checklist turn green or red.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findExercise, loadExercises } from '../../runner/exercises.ts';
import { siteDistDir } from '../../runner/paths.ts';
import { startTestRunner, type TestRunner } from '../support/test-runner.ts';
import { launchBrowser, watchForProblems } from './browser.ts';

const exercise = findExercise(loadExercises(), 'tcp-echo');
let browser: Browser;
let runner: TestRunner;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openExerciseFromLesson(solution?: string) {
  runner = await startTestRunner({ staticDir: siteDistDir, warm: true });
  if (solution) {
    const target = path.join(runner.workspaceDir, exercise.id, 'solution.ts');
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(solution, target);
  }
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchForProblems(page);
  await page.goto(`${runner.origin}/#token=${runner.token}`);
  // The token leaves the address bar at once and is never part of a served page.
  await expect.poll(() => page.url()).not.toContain('token=');
  expect(await page.content()).not.toContain(runner.token);

  await page.locator(`a[href="/lessons/${exercise.lesson}/"]`).first().click();
  await page.waitForURL(`**/lessons/${exercise.lesson}/`);
  await page.locator(`main a[href="/exercises/${exercise.id}/"]`).first().click();
  await page.waitForURL(`**/exercises/${exercise.id}/`);
  const run = page.getByRole('button', { name: 'Run checks' });
  await expect.poll(() => run.isEnabled(), { timeout: 15_000 }).toBe(true);
  return { page, problems, run };
}

test('the reference solution turns the checklist green, with output streamed into the terminal', async () => {
  const { page, problems, run } = await openExerciseFromLesson(exercise.referencePath);
  try {
    await run.click();
    const summary = page.locator('[data-summary]');
    await expect.poll(() => summary.getAttribute('data-status'), { timeout: 60_000 }).toBe('passed');
    // The terminal shows its last rows: the streamed per-test lines and the closing verdict.
    const terminalText = await page.locator('[data-terminal="check"] .xterm-rows').innerText();
    expect(terminalText).toMatch(/✓ .+\d+ ms/);
    expect(terminalText).toMatch(/All \d+ checks pass/);
    const items = page.getByRole('list', { name: 'Checklist' }).getByRole('listitem');
    expect(await items.count()).toBeGreaterThan(2);
    expect(await page.locator('[data-checklist] li[data-status="failed"]').count()).toBe(0);
    // The verdict survives a reload (it is stored in the workspace's progress).
    await page.reload();
    await expect.poll(() => summary.getAttribute('data-status'), { timeout: 15_000 }).toBe('passed');
    await page.goto(`${runner.origin}/`);
    await expect.poll(() => page.locator(`[data-status-for="${exercise.id}"]`).getAttribute('data-state'), { timeout: 15_000 }).toBe('passed');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
    await runner.close();
  }
});

test('the starter turns the checklist red and explains the failures', async () => {
  const { page, problems, run } = await openExerciseFromLesson();
  try {
    await run.click();
    const summary = page.locator('[data-summary]');
    await expect.poll(() => summary.getAttribute('data-status'), { timeout: 60_000 }).toMatch(/failed|error/);
    expect(await page.locator('[data-checklist] li[data-status="failed"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-checklist] li[data-status="failed"] pre').first().innerText()).not.toBe('');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
    await runner.close();
  }
});
