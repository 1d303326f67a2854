/**
 * The author check: for every exercise, through the real check pipeline,
 * the reference solution passes, the starter fails, and every realistic
 * wrong solution in mutants/ fails. Networking exercises run their reference
 * under many seeds: hidden tests on a hostile network must not be flaky.
 * Hidden tests that let a mutant through are too lenient; hidden tests that
 * fail the reference are wrong.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadExercises } from '../runner/exercises.ts';
import { checkFile, closeCheckRunner } from './support/check-file.ts';

afterAll(closeCheckRunner);

/** Seeds every networking exercise's reference must pass under (each seed changes chunking, losses, orders). */
const NETWORK_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

const describeFailures = (tests: { name: string; status: string; message: string }[]) =>
  tests.filter((t) => t.status === 'failed').map((t) => `${t.name}: ${t.message}`).join('\n\n');

for (const exercise of loadExercises()) {
  const mutantsDir = path.join(exercise.dir, 'mutants');
  const mutants = existsSync(mutantsDir) ? readdirSync(mutantsDir).filter((f) => f.endsWith('.ts')).sort() : [];

  describe(exercise.id, () => {
    const seeds = exercise.transport === 'none' ? [1] : NETWORK_SEEDS;
    test.each(seeds)('the reference solution passes every hidden test (seed %i)', async (seed) => {
      const { result } = await checkFile({ exercise, solutionPath: exercise.referencePath, seed });
      expect(result.error, result.error?.message).toBeUndefined();
      expect(describeFailures(result.tests)).toBe('');
      expect(result.status).toBe('passed');
      expect(result.totals.passed).toBeGreaterThanOrEqual(3);
    });

    test('the starter fails', async () => {
      const { result } = await checkFile({ exercise, solutionPath: exercise.starterPath, seed: 1 });
      expect(result.status).toBe('failed');
    });

    test('has at least three realistic wrong solutions', () => {
      expect(mutants.length).toBeGreaterThanOrEqual(3);
    });

    test.each(mutants)('the hidden tests reject the mutant %s', async (mutant) => {
      const { result } = await checkFile({ exercise, solutionPath: path.join(mutantsDir, mutant), seed: 1 });
      expect(result.status, `mutant ${mutant} passed every hidden test`).not.toBe('passed');
      // A rejection must be a failing test with an explanation, not the check falling over.
      expect(result.tests.some((t) => t.status === 'failed' && t.message.length > 0) || result.error?.code === 'TIMEOUT').toBe(true);
    });
  });
}
