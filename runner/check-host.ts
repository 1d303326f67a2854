/**
 * The check host: a program the runner starts in a pty *before* a check is
 * asked for. While it waits it loads Vitest, starts a test worker and warms
 * it with a no-op test, so pressing Run costs only the learner's code and
 * the hidden tests. It takes exactly one job, reports the verdict on the
 * control channel and exits: every check gets a fresh host and a fresh
 * worker, and inherits nothing from the last check.
 */
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestModule, Vitest } from 'vitest/node';
import type { CheckResult } from '../schema/check-result.ts';
import { collectResult } from './check-reporter.ts';
import { findCompileError } from './compile-check.ts';
import { CONTROL_ENV, HOST_MODE_ENV, readMessages, sendMessage, type Message } from './control-channel.ts';
import { TerminalReporter } from './terminal-reporter.ts';

export interface CheckJob {
  exercise: string;
  /** Hidden test files to run (absolute paths): the exercise's own, or a teacher's test pack. */
  testFiles: string[];
  solutionPath: string;
  seed: number;
  testTimeoutMs: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const warmupDir = path.join(root, 'runner', 'warmup');
const controlAddress = process.env[CONTROL_ENV];
const serve = process.env[HOST_MODE_ENV] === 'serve';
// Learner code runs in a worker forked from this process: it must not find the way back to the runner.
delete process.env[CONTROL_ENV];

/** Heap limit of the test worker that runs the learner's code: a runaway allocation fails there, not on the machine. */
const WORKER_HEAP_MB = 512;

const dim = (s: string) => `\x1b[2m${s}\x1b[22m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;

interface Finished {
  modules: readonly TestModule[];
  errors: readonly unknown[];
}

async function main(): Promise<void> {
  if (!controlAddress) throw new Error(`${CONTROL_ENV} is not set: the check host is started by the runner.`);
  const { createVitest } = await import('vitest/node');
  let finished: Finished | undefined;
  const terminal = new TerminalReporter();
  // The terminal reporter streams each test into our pty; the collector keeps the verdict for the control channel.
  const collector = {
    onTestRunEnd(modules: readonly TestModule[], errors: readonly unknown[]) {
      finished = { modules, errors };
    },
  };
  const vitest = await createVitest('test', {
    config: path.join(root, 'exercises/vitest.config.ts'),
    watch: false,
    reporters: [terminal, collector],
    include: ['exercises/*/tests/**/*.test.ts', 'runner/warmup/*.test.ts'],
    // Once: one worker, reused from the warm-up to the real run; it is as
    // fresh as a new process for the learner's code, which it never loaded.
    // Serve: a new worker process for every test file of every job.
    isolate: serve,
    maxWorkers: 1,
    execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
  });
  await vitest.standalone();

  const control = net.connect(controlAddress);
  sendMessage(control, { type: 'ready', pid: process.pid });
  const jobs: CheckJob[] = [];
  let jobArrived: () => void = () => undefined;
  readMessages(control, (message: Message) => {
    if (message.type !== 'job') return;
    jobs.push(message.job as CheckJob);
    jobArrived();
  });
  const nextJob = async (): Promise<CheckJob> => {
    while (jobs.length === 0) await new Promise<void>((resolve) => (jobArrived = resolve));
    return jobs.shift()!;
  };

  if (serve) {
    // Between jobs nothing else may hold the event loop open; the runner ends this process when it is done.
    setInterval(() => undefined, 60_000);
    control.on('close', () => process.exit(0));
    for (;;) {
      const job = await nextJob();
      finished = undefined;
      const result = await check(job, vitest, () => finished, performance.now());
      sendMessage(control, { type: 'result', result });
    }
  }

  terminal.muted = true;
  // The first esbuild call starts its service process: pay for that now, not when the learner presses Run.
  await findCompileError(fileURLToPath(import.meta.url));
  await vitest.runTestSpecifications(await vitest.globTestSpecifications([path.relative(root, warmupDir)]), false);
  // Transform every exercise's hidden tests ahead of time (we do not know yet which one comes); the learner's file is transformed fresh.
  const transforms = vitest.getRootProject().vite.environments.ssr;
  for (const spec of await vitest.globTestSpecifications(['exercises/'])) await transforms.transformRequest(spec.moduleId);
  terminal.muted = false;

  const assigned = await nextJob();
  const started = performance.now();
  const relative = path.relative(process.cwd(), assigned.solutionPath);
  const shortPath = relative && !relative.startsWith('..') ? relative : assigned.solutionPath;
  process.stdout.write(`${bold(`▶ Checking ${assigned.exercise}`)} ${dim(`· ${shortPath} · seed ${assigned.seed}`)}\r\n`);

  finished = undefined;
  const result = await check(assigned, vitest, () => finished, started);
  sendMessage(control, { type: 'result', result });
  await new Promise<void>((resolve) => control.end(resolve));
  // Exit at once rather than vitest.close(): the runner kills this process
  // group on exit, which also ends the worker and anything the learner's
  // code left open, and the verdict reaches the page sooner.
  process.exit(0);
}

async function check(job: CheckJob, vitest: Vitest, finished: () => Finished | undefined, started: number): Promise<CheckResult> {
  const compileError = await findCompileError(job.solutionPath);
  if (compileError) {
    process.stdout.write(`\r\n\x1b[31m${compileError.message.replace(/\n/g, '\r\n')}\x1b[0m\r\n`);
    return {
      exercise: job.exercise,
      seed: job.seed,
      status: 'error',
      error: compileError,
      tests: [],
      totals: { passed: 0, failed: 0, skipped: 0 },
      durationMs: Math.round(performance.now() - started),
      finishedAt: new Date().toISOString(),
    };
  }
  vitest.provide('socketsLabSolution', job.solutionPath);
  vitest.provide('socketsLabSeed', job.seed);
  vitest.provide('socketsLabTestTimeout', job.testTimeoutMs);
  const project = vitest.getRootProject();
  await vitest.runTestSpecifications(job.testFiles.map((file) => project.createSpecification(file)), true);
  const outcome = finished();
  const result = collectResult(job.exercise, job.seed, outcome?.modules ?? [], outcome?.errors ?? [], performance.now() - started);
  const { passed, failed } = result.totals;
  const verdict =
    result.status === 'passed'
      ? `\x1b[32m${bold(`All ${passed} checks pass.`)}\x1b[39m`
      : `\x1b[31m${bold(`${failed} of ${passed + failed} checks fail.`)}\x1b[39m`;
  process.stdout.write(`\r\n${verdict} ${dim(`${result.durationMs} ms`)}\r\n`);
  if (result.status !== 'passed') {
    process.stdout.write(dim(`Re-run with the same random choices: npm run check -- ${job.exercise} --seed ${job.seed}\r\n`));
  }
  return result;
}

main().catch((error: unknown) => {
  process.stderr.write(`Sockets Lab check host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(70);
});
