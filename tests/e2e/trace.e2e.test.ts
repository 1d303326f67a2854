/**
 * Wire traces drawn as sequence diagrams, in real Chromium: the TCP lesson's
 * handshake and close figures are built from trace data at build time, and
 * the exercise page draws what went over the wire in each test after a check
 * (and again when the last result is restored on load).
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findExercise, loadExercises } from '../../runner/exercises.ts';
import { siteDistDir } from '../../runner/paths.ts';
import type { CheckResult, TestResult } from '../../schema/check-result.ts';
import { DEFAULT_MAX_EVENTS, isArrowEvent } from '../../site/trace/trace-svg.ts';
import { startTestRunner, type TestRunner } from '../support/test-runner.ts';
import { launchBrowser, watchForProblems } from './browser.ts';

const exercise = findExercise(loadExercises(), 'tcp-echo');
/** A realistic wrong solution: it destroys each socket on 'end', losing the tail of a slow reader's echo. */
const WRONG_SOLUTION = path.join(exercise.dir, 'mutants', 'destroy-on-end.ts');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withRunner(fn: (runner: TestRunner) => Promise<void>): Promise<void> {
  const runner = await startTestRunner({ staticDir: siteDistDir, warm: true });
  try {
    await fn(runner);
  } finally {
    await runner.close();
  }
}

async function openExercise(runner: TestRunner): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchForProblems(page);
  await page.goto(`${runner.origin}/exercises/${exercise.id}/#token=${runner.token}`);
  await expect.poll(() => page.getByRole('button', { name: 'Run checks' }).isEnabled(), { timeout: 15_000 }).toBe(true);
  return { page, problems };
}

/** The test the page should show first: the first failing one with a trace, else the first with a trace. */
function expectedSelection(tests: TestResult[]): TestResult | undefined {
  return tests.find((t) => t.trace && t.status === 'failed') ?? tests.find((t) => t.trace);
}

function arrowCount(test: TestResult): number {
  return test.trace!.events.slice(0, DEFAULT_MAX_EVENTS).filter(isArrowEvent).length;
}

/** The result the runner stored for the (only) check of this fresh workspace; it may land just after the page shows the verdict. */
async function lastResult(runner: TestRunner): Promise<CheckResult> {
  let result: CheckResult | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${runner.origin}/api/progress`, { headers: { authorization: `Bearer ${runner.token}` } });
        const progress = (await response.json()) as { exercises: Record<string, { lastResult?: CheckResult }> };
        result = progress.exercises[exercise.id]?.lastResult;
        return result !== undefined;
      },
      { timeout: 10_000, message: 'the check stored its result in the progress' },
    )
    .toBe(true);
  return result!;
}

/** Checks the "What went over the wire" section against the result it was drawn from. */
async function expectTraceSection(page: Page, result: CheckResult): Promise<void> {
  const selected = expectedSelection(result.tests)!;
  const section = page.getByRole('region', { name: 'What went over the wire' });
  await expect.poll(() => section.isVisible(), { timeout: 15_000 }).toBe(true);
  const picker = section.getByRole('combobox', { name: 'Test' });
  expect(await picker.locator('option').count()).toBe(result.tests.filter((t) => t.trace).length);
  expect(await picker.locator('option:checked').innerText()).toContain(selected.name);
  const svg = section.locator('[data-trace-diagram] svg[role="img"]');
  await expect.poll(() => svg.count()).toBe(1);
  expect(await svg.locator('.arrow').count()).toBe(arrowCount(selected));
  expect(await svg.getAttribute('aria-label')).toContain('Sequence diagram');
  const leftovers = section.getByRole('heading', { name: 'Left open by your code' });
  expect(await leftovers.isVisible()).toBe((selected.leftovers ?? []).length > 0);
}

test('the TCP lesson draws its handshake and close from trace data, as inline SVG', async () => {
  await withRunner(async (runner) => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems = watchForProblems(page);
    try {
      await page.goto(`${runner.origin}/lessons/${exercise.lesson}/`);
      const figures = page.locator('main figure').filter({ has: page.locator('svg[role="img"] [data-kind="segment"]') });
      expect(await figures.count()).toBe(2);
      // Handshake: SYN, SYN-ACK, ACK. Close: FIN, ACK, FIN, ACK.
      expect(await figures.nth(0).locator('svg [data-kind="segment"].arrow').count()).toBe(3);
      expect(await figures.nth(1).locator('svg [data-kind="segment"].arrow').count()).toBe(4);
      expect(await figures.nth(0).locator('svg').innerHTML()).toContain('SYN-ACK seq=y ack=x+1');
      expect(await figures.nth(0).locator('figcaption').innerText()).toContain('three-way handshake');
      expect(await figures.nth(1).locator('figcaption').innerText()).toContain('four-way close');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

test('after a failing check, the page draws what went over the wire in the first failing test', async () => {
  await withRunner(async (runner) => {
    const target = path.join(runner.workspaceDir, exercise.id, 'solution.ts');
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(WRONG_SOLUTION, target);
    const { page, problems } = await openExercise(runner);
    try {
      await page.getByRole('button', { name: 'Run checks' }).click();
      const summary = page.locator('[data-summary]');
      await expect.poll(() => summary.getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');

      const result = await lastResult(runner);
      expect(
        result.tests.some((t) => t.trace),
        'no test result carries a trace: the tcp-echo hidden tests do not record wire traces yet',
      ).toBe(true);
      await expectTraceSection(page, result);

      // The same diagram comes back when the stored result is restored on load
      // (in a second tab: reloading this one could abort its file refresh mid-flight).
      const again = await openExercise(runner);
      try {
        await expectTraceSection(again.page, result);
        expect(again.problems).toEqual([]);
      } finally {
        await again.page.close();
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

test('a stored result with traces is drawn on load: the picker switches tests, leftovers are listed, labels stay text', async () => {
  await withRunner(async (runner) => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const tests: TestResult[] = [
      {
        name: 'echo > returns data unchanged',
        status: 'passed',
        message: '',
        durationMs: 3,
        trace: {
          lanes: ['client 1', 'your server'],
          events: [
            { t: 0, kind: 'connect', from: 'client 1', to: 'your server' },
            { t: 0.3, kind: 'data', from: 'client 1', to: 'your server', size: 5, label: 'hello' },
            { t: 0.6, kind: 'data', from: 'your server', to: 'client 1', size: 5, label: 'hello' },
          ],
          omitted: 0,
        },
      },
      { name: 'echo > refuses a bad port', status: 'passed', message: '', durationMs: 1 },
      {
        name: 'echo > finishes echoing to a slow reader',
        status: 'failed',
        message: 'The tail of the echo was lost.',
        durationMs: 900,
        trace: {
          lanes: ['client 1', 'your server'],
          events: [
            { t: 0, kind: 'connect', from: 'client 1', to: 'your server' },
            { t: 1, kind: 'data', from: 'client 1', to: 'your server', size: 40, label: hostile },
            { t: 2, kind: 'fin', from: 'client 1', to: 'your server' },
            { t: 3, kind: 'note', from: 'client 1', label: 'paused reading' },
            { t: 4, kind: 'rst', from: 'your server', to: 'client 1' },
            { t: 1500, kind: 'timeout', from: 'client 1', label: 'the rest of the echo' },
          ],
          omitted: 2,
        },
        leftovers: ['A listening server on 127.0.0.1 (call server.close())'],
      },
    ];
    const result: CheckResult = {
      exercise: exercise.id,
      status: 'failed',
      tests,
      totals: { passed: 2, failed: 1, skipped: 0 },
      seed: 42,
      durationMs: 1000,
      finishedAt: new Date().toISOString(),
    };
    await writeFile(
      path.join(runner.workspaceDir, '.progress.json'),
      JSON.stringify({ version: 1, exercises: { [exercise.id]: { passed: false, attempts: 1, hintsShown: 0, lastResult: result } } }),
    );
    const { page, problems } = await openExercise(runner);
    try {
      await expectTraceSection(page, result);
      const section = page.getByRole('region', { name: 'What went over the wire' });
      const diagram = section.locator('[data-trace-diagram]');
      expect(await section.getByRole('listitem').allInnerTexts()).toEqual(tests[2]!.leftovers);
      expect(await diagram.locator('svg').innerHTML()).toContain('2 more events not shown');
      // The learner's bytes are drawn as text, never parsed as markup.
      expect(await diagram.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await diagram.locator('svg').innerHTML()).toContain('&lt;img src=x');

      // Keyboard: focus the picker and move to the other traced test.
      const picker = section.getByRole('combobox', { name: 'Test' });
      await picker.focus();
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => picker.locator('option:checked').innerText()).toContain(tests[0]!.name);
      await expect.poll(() => diagram.locator('svg .arrow').count()).toBe(3);
      expect(await section.getByRole('heading', { name: 'Left open by your code' }).isVisible()).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
