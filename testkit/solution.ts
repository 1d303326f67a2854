/**
 * How hidden tests reach the learner's code. The check host names the file
 * under test (see job.ts); a hidden test never imports a path of its own, so
 * the same tests grade the learner's file, the reference, the starter and
 * every mutant.
 */
import { pathToFileURL } from 'node:url';
import { beforeAll } from 'vitest';
import { SOLUTION_ENV, solutionPath } from './job.ts';

export { SOLUTION_ENV };

export class SolutionLoadError extends Error {
  readonly code = 'SOLUTION_IMPORT_FAILED';
}

/**
 * Import the learner's module once, before the tests of the calling file.
 * Loading in `beforeAll` (not at the top of the test file) keeps every test
 * listed in the checklist even when the import throws: each then fails with
 * the learner's own error instead of the file vanishing from the report.
 */
export function useSolution<T>(): () => T {
  let loaded: T | undefined;
  beforeAll(async () => {
    const file = solutionPath();
    if (!file) throw new Error(`${SOLUTION_ENV} is not set: run hidden tests through the check runner.`);
    try {
      loaded = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as T;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new SolutionLoadError(
        `Your solution.ts threw while it was being loaded, before any test could call it:\n  ${reason}\n` +
          'Code at the top level of the file runs on import: move work into the exported functions.',
      );
    }
  });
  return () => {
    if (loaded === undefined) throw new Error('The solution was not loaded (see the first failure).');
    return loaded;
  };
}

/** Fail clearly when the learner forgot to export a name the task asks for. */
export function exported<T>(mod: Record<string, unknown>, name: string): T {
  const value = mod[name];
  if (typeof value !== 'function') {
    const found = Object.keys(mod).length ? Object.keys(mod).join(', ') : 'nothing';
    throw new Error(
      `The task asks solution.ts to export a function named \`${name}\`, but it ${
        value === undefined ? 'does not export that name' : `exports a ${typeof value}`
      }. It exports: ${found}.`,
    );
  }
  return value as T;
}
