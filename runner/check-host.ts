/**
 * The check host: a program the runner starts in a pty *before* a check is
 * asked for, so Vitest is already loaded when the learner presses Run. It
 * waits on the control channel for one job, runs that exercise's hidden
 * tests against the learner's file, reports the verdict and exits: every
 * check gets a fresh process and inherits nothing from the last one.
 */
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestModule } from 'vitest/node';
import { CONTROL_ENV, readMessages, sendMessage, type Message } from './control-channel.ts';
import { collectResult } from './check-reporter.ts';
import { findCompileError } from './compile-check.ts';
import { SEED_ENV } from '../testkit/seed.ts';
import { SOLUTION_ENV } from '../testkit/solution.ts';
import type { CheckResult } from '../schema/check-result.ts';

export interface CheckJob {
  exercise: string;
  /** Directory of the hidden tests to run. */
  testsDir: string;
  solutionPath: string;
  seed: number;
  testTimeoutMs: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const controlAddress = process.env[CONTROL_ENV];
// Learner code runs in workers forked from this process: they must not find the way back to the runner.
delete process.env[CONTROL_ENV];

const dim = (s: string) => `\x1b[2m${s}\x1b[22m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;

async function main(): Promise<void> {
  if (!controlAddress) throw new Error(`${CONTROL_ENV} is not set: the check host is started by the runner.`);
  const { createVitest } = await import('vitest/node');
  let finished: { modules: readonly TestModule[]; errors: readonly unknown[] } | undefined;
  // The default reporter draws progress into our pty; the collector keeps the verdict for the control channel.
  const collector = {
    onTestRunEnd(modules: readonly TestModule[], errors: readonly unknown[]) {
      finished = { modules, errors };
    },
  };
  const vitest = await createVitest('test', {
    config: path.join(root, 'exercises/vitest.config.ts'),
    watch: false,
    reporters: ['default', collector],
  });
  await vitest.standalone();

  const control = net.connect(controlAddress);
  sendMessage(control, { type: 'ready', pid: process.pid });
  const job = await new Promise<CheckJob>((resolve) =>
    readMessages(control, (message: Message) => {
      if (message.type === 'job') resolve(message.job as CheckJob);
    }),
  );

  const started = performance.now();
  const relative = path.relative(process.cwd(), job.solutionPath);
  const shortPath = relative && !relative.startsWith('..') ? relative : job.solutionPath;
  process.stdout.write(`${bold(`▶ Checking ${job.exercise}`)} ${dim(`· ${shortPath} · seed ${job.seed}`)}\r\n`);

  const result = await check(job, vitest, () => finished, started);
  sendMessage(control, { type: 'result', result });
  await new Promise<void>((resolve) => control.end(resolve));
  // Exit at once rather than vitest.close(): the runner kills this process
  // group on exit, which also ends the workers and anything the learner's
  // code left open, and the verdict reaches the page sooner.
  process.exit(0);
}

async function check(
  job: CheckJob,
  vitest: Awaited<ReturnType<typeof import('vitest/node').createVitest>>,
  finished: () => { modules: readonly TestModule[]; errors: readonly unknown[] } | undefined,
  started: number,
): Promise<CheckResult> {
  const base = { exercise: job.exercise, seed: job.seed, finishedAt: '' };
  const compileError = await findCompileError(job.solutionPath);
  if (compileError) {
    process.stdout.write(`\r\n\x1b[31m${compileError.message.replace(/\n/g, '\r\n')}\x1b[0m\r\n`);
    return {
      ...base,
      status: 'error',
      error: compileError,
      tests: [],
      totals: { passed: 0, failed: 0, skipped: 0 },
      durationMs: performance.now() - started,
      finishedAt: new Date().toISOString(),
    };
  }
  process.env[SOLUTION_ENV] = job.solutionPath;
  process.env[SEED_ENV] = String(job.seed);
  process.env.SOCKETS_LAB_TEST_TIMEOUT = String(job.testTimeoutMs);
  const specs = await vitest.globTestSpecifications([path.relative(root, job.testsDir)]);
  await vitest.runTestSpecifications(specs, true);
  const outcome = finished();
  const result = collectResult(job.exercise, job.seed, outcome?.modules ?? [], outcome?.errors ?? [], performance.now() - started);
  if (result.status !== 'passed') {
    process.stdout.write(dim(`Re-run with the same random choices: npm run check -- ${job.exercise} --seed ${job.seed}\r\n`));
  }
  return result;
}

main().catch((error: unknown) => {
  process.stderr.write(`Sockets Lab check host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(70);
});
