/**
 * What the check host tells the hidden tests about this check: which file to
 * test, the seed, the per-test limit. It arrives through Vitest's provide /
 * inject (sent with every run, so a test worker started ahead of time still
 * gets this check's values); environment variables are the fallback for
 * authors running the hidden tests with the plain vitest CLI.
 */
import { inject } from 'vitest';

export interface CheckJobContext {
  socketsLabSolution: string;
  socketsLabSeed: number;
  socketsLabTestTimeout: number;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface ProvidedContext extends Partial<CheckJobContext> {}
}

export const SOLUTION_ENV = 'SOCKETS_LAB_SOLUTION';
export const SEED_ENV = 'SOCKETS_LAB_SEED';
export const TEST_TIMEOUT_ENV = 'SOCKETS_LAB_TEST_TIMEOUT';

export function solutionPath(): string | undefined {
  return inject('socketsLabSolution') ?? process.env[SOLUTION_ENV];
}

export function seed(): number | undefined {
  const value = inject('socketsLabSeed') ?? Number(process.env[SEED_ENV]);
  return Number.isInteger(value) ? value : undefined;
}

export function testTimeout(): number | undefined {
  const value = inject('socketsLabTestTimeout') ?? Number(process.env[TEST_TIMEOUT_ENV]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
