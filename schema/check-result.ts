/**
 * The machine-readable outcome of one check. The check host produces it, the
 * runner stores it in progress and sends it to the page, the CLI prints it.
 */
import { z } from 'zod';
import { traceSchema } from './trace.ts';

export const testResultSchema = z.object({
  /** Full test name, e.g. "echo > returns binary data unchanged". */
  name: z.string(),
  status: z.enum(['passed', 'failed', 'skipped']),
  /** Why it failed, written for the learner; empty when it passed. */
  message: z.string().default(''),
  durationMs: z.number().nonnegative(),
  /** What went over the wire during the test, when the test used the harness's peers. */
  trace: traceSchema.optional(),
  /** Things the learner's code left open after the test (a listening server, a socket, a timer), explained. */
  leftovers: z.array(z.string()).optional(),
});

/** Codes for a check that could not run the tests to the end. */
export const checkErrorCodes = [
  'NO_SOLUTION',
  'COMPILE_ERROR',
  'TIMEOUT',
  'OUTPUT_LIMIT',
  'CRASHED',
  'KILLED',
  'INTERNAL',
] as const;
export type CheckErrorCode = (typeof checkErrorCodes)[number];

export const checkResultSchema = z.object({
  exercise: z.string(),
  /** passed: every test passed. failed: some test failed. error: the check itself could not finish. */
  status: z.enum(['passed', 'failed', 'error']),
  error: z.object({ code: z.enum(checkErrorCodes), message: z.string() }).optional(),
  tests: z.array(testResultSchema),
  totals: z.object({ passed: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  /** Seed of every random choice the hidden tests made; re-run with it to reproduce. */
  seed: z.number().int(),
  durationMs: z.number().nonnegative(),
  finishedAt: z.string(),
});

export type TestResult = z.infer<typeof testResultSchema>;
export type CheckResult = z.infer<typeof checkResultSchema>;
