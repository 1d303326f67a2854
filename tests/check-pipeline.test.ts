/**
 * The check pipeline on one fixture per outcome (as Rustlings tests its
 * runner): a learner's file that does not compile, throws on import, hangs,
 * crashes its process or floods output gets a clear explanation — and the
 * runner is left with no stray process either way.
 */
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findExercise, loadExercises } from '../runner/exercises.ts';
import { descendants, isAlive } from '../runner/process-tree.ts';
import { checkFile, closeCheckRunner } from './support/check-file.ts';

afterAll(closeCheckRunner);

const exercise = findExercise(loadExercises(), 'udp-echo');
const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', 'solutions', `${name}.ts`);

async function leftBehind(pid: number): Promise<number[]> {
  for (let i = 0; i < 30; i++) {
    const alive = [pid, ...descendants(pid)].filter(isAlive);
    if (alive.length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return [pid, ...descendants(pid)].filter(isAlive);
}

describe('check pipeline outcomes', () => {
  test('a passing file: verdict passed, per-test results with durations', async () => {
    const { result, output, pid } = await checkFile({ exercise, solutionPath: exercise.referencePath, seed: 7 });
    expect(result.status).toBe('passed');
    expect(result.seed).toBe(7);
    expect(result.tests.every((t) => t.status === 'passed' && t.durationMs >= 0)).toBe(true);
    expect(output).toContain('▶ Checking udp-echo');
    expect(await leftBehind(pid)).toEqual([]);
  });

  test('a failing file: failed tests carry the teaching message, and the seed is printed', async () => {
    const { result, output } = await checkFile({ exercise, solutionPath: exercise.starterPath, seed: 99 });
    expect(result.status).toBe('failed');
    expect(result.tests.filter((t) => t.status === 'failed').every((t) => t.message.length > 0)).toBe(true);
    expect(output).toContain('--seed 99');
  });

  test('a missing file is explained, not crashed on', async () => {
    const { result } = await checkFile({ exercise, solutionPath: '/nonexistent/solution.ts' });
    expect(result.error?.code).toBe('NO_SOLUTION');
  });

  test('a file that does not compile: line, column and the code, no test run', async () => {
    const { result, output } = await checkFile({ exercise, solutionPath: fixture('compile-error') });
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('COMPILE_ERROR');
    expect(result.error?.message).toMatch(/line 3, column \d+/);
    expect(output).toContain('does not compile');
  });

  test('a file that throws on import: every test says the file failed to load, with the learner’s error', async () => {
    const { result } = await checkFile({ exercise, solutionPath: fixture('throws-at-import') });
    expect(result.status).toBe('failed');
    const failures = result.tests.filter((t) => t.status === 'failed');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.map((t) => t.message).join('\n')).toContain('threw while it was being loaded');
    expect(failures.map((t) => t.message).join('\n')).toContain('JSON');
  });

  test('a file that hangs: stopped at the check’s time limit, explained, nothing left running', async () => {
    const { result, output, pid } = await checkFile({ exercise, solutionPath: fixture('hangs'), checkMs: 4000 });
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.error?.message).toContain('loop');
    expect(output).toContain('time limit');
    expect(await leftBehind(pid)).toEqual([]);
  });

  test('a file that kills its own process: the check reports it instead of hanging', async () => {
    const { result, pid } = await checkFile({ exercise, solutionPath: fixture('crashes'), checkMs: 15_000 });
    expect(result.status).not.toBe('passed');
    const explanation = [result.error?.message ?? '', ...result.tests.map((t) => t.message)].join('\n');
    expect(explanation.length).toBeGreaterThan(0);
    expect(await leftBehind(pid)).toEqual([]);
  });

  test('a file that floods output: stopped at the output cap, explained, nothing left running', async () => {
    const { result, output, pid } = await checkFile({ exercise, solutionPath: fixture('floods'), outputCapBytes: 300_000, checkMs: 20_000 });
    expect(result.error?.code).toBe('OUTPUT_LIMIT');
    expect(output).toContain('output limit');
    expect(await leftBehind(pid)).toEqual([]);
  });

  test('the runner keeps working after all of that', async () => {
    const { result } = await checkFile({ exercise, solutionPath: exercise.referencePath });
    expect(result.status).toBe('passed');
  });
});
