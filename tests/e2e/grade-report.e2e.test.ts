/**
 * report.html in real Chromium, opened from disk as a teacher would open it
 * from a CI artifact: it loads nothing, logs no error, draws its charts, and
 * its student links land on the student's section.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { gradesHtml, studentAnchor } from '../../runner/grade-reports/html.ts';
import { COMMA_ID, FORMULA_ID, gradesFixture } from '../support/grades-fixture.ts';
import { launchBrowser, watchForProblems } from './browser.ts';

/** Where the screenshot goes for a person to look at. */
const SCREENSHOT = '/tmp/grade-report.png';
const SCREENSHOT_DARK = '/tmp/grade-report-dark.png';

let browser: Browser;
let dir: string;
let reportUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-report-'));
  const file = path.join(dir, 'report.html');
  await writeFile(file, gradesHtml(gradesFixture()));
  reportUrl = pathToFileURL(file).href;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

async function openReport(colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme });
  const problems = watchForProblems(page);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(reportUrl);
  return { page, problems, requests };
}

test('opens from disk with no errors and no requests but the file itself', async () => {
  const { page, problems, requests } = await openReport();
  try {
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Grade report' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    expect(requests).toEqual([reportUrl]);
    // The hostile message shows as text; it did not run (an alert would have opened a dialog and left a <script> node).
    await expect.poll(() => page.locator('pre', { hasText: '<script>alert(1)</script>' }).first().isVisible()).toBe(true);
    expect(await page.locator('script').count()).toBe(1);
  } finally {
    await page.close();
  }
});

test('draws the score histogram and the pass-rate chart', async () => {
  const { page, problems } = await openReport();
  try {
    const histogram = page.getByRole('img', { name: 'Score distribution' });
    await expect.poll(() => histogram.isVisible()).toBe(true);
    const box = await histogram.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(120);
    expect(await histogram.locator('rect.bar').count()).toBe(10);
    expect(await page.getByRole('img', { name: 'Pass rate per exercise' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test('a student link scrolls to that student\'s section', async () => {
  const { page, problems } = await openReport();
  try {
    const summary = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Student' }) });
    const top = (id: string): Promise<number> => page.locator(`[id="${studentAnchor(id)}"]`).evaluate((el) => Math.round(el.getBoundingClientRect().top));
    expect(await top(FORMULA_ID)).toBeGreaterThan(800);
    // The id with quotes, "|" and "!" still makes a working anchor; its section can reach the top (below its scroll margin).
    await summary.getByRole('link', { name: FORMULA_ID }).click();
    await expect.poll(() => top(FORMULA_ID)).toBeLessThan(40);
    expect(await top(FORMULA_ID)).toBeGreaterThanOrEqual(0);
    expect(await page.getByRole('heading', { level: 3, name: FORMULA_ID }).isVisible()).toBe(true);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#${studentAnchor(FORMULA_ID)}`);

    // The last section sits at the end of the page: it scrolls as far as the page goes, into view.
    await page.getByRole('link', { name: 'back to all students' }).nth(1).click();
    await expect.poll(() => top(COMMA_ID)).toBeGreaterThan(800);
    await summary.getByRole('link', { name: COMMA_ID }).click();
    await expect.poll(() => top(COMMA_ID)).toBeLessThan(200);
    expect(await top(COMMA_ID)).toBeGreaterThanOrEqual(0);
    expect(await page.evaluate(() => Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight)).toBe(true);
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test('the student table sorts by score when its header is clicked', async () => {
  const { page, problems } = await openReport();
  try {
    const table = page.locator('table.students');
    const firstColumn = (): Promise<string[]> => table.locator('tbody tr th').allTextContents();
    expect(await firstColumn()).toEqual(gradesFixture().students.map((s) => s.id));
    await table.getByRole('button', { name: 'Score' }).click();
    expect(await firstColumn()).toEqual([COMMA_ID, FORMULA_ID, 'alice']);
    expect(await table.getByRole('columnheader', { name: 'Score' }).getAttribute('aria-sort')).toBe('ascending');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test('fits a phone: wide tables scroll inside themselves, the page does not', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  try {
    await page.goto(reportUrl);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await page.close();
  }
});

test('screenshots, light and dark', async () => {
  for (const [scheme, file] of [['light', SCREENSHOT], ['dark', SCREENSHOT_DARK]] as const) {
    const { page, problems } = await openReport(scheme);
    try {
      await page.screenshot({ path: file, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }
});
