/** Turns what Vitest saw into our CheckResult: names, statuses and messages written for the learner. */
import type { TestModule } from 'vitest/node';
import type { CheckResult, TestResult } from '../schema/check-result.ts';
import { traceSchema } from '../schema/trace.ts';
import type {} from '../testkit/harness/trace-recorder.ts';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

interface ErrorLike {
  name?: string;
  message?: string;
  diff?: string;
}

export function explainError(error: ErrorLike | undefined): string {
  if (!error) return '';
  const message = (error.message ?? String(error)).replace(ANSI, '');
  if (/Test timed out in (\d+)ms/.test(message)) {
    return `${message}\nThe test waited for an answer that never came: a reply that was never sent, a connection never ended, or a promise never resolved.`;
  }
  const diff = error.diff ? `\n${error.diff.replace(ANSI, '')}` : '';
  return `${message}${diff}`;
}

/** Vitest's words when the worker process running the learner's code died. */
const WORKER_DIED = /Worker (forks )?(emitted error|exited unexpectedly)|Channel closed|process\.exit/i;

const CRASH_TEST_NAME = 'Your code does not end the process it runs in';

/** An error outside any test, as a checklist line. */
export function explainUnhandled(error: ErrorLike): TestResult {
  const message = explainError(error);
  if (WORKER_DIED.test(message)) {
    return {
      name: CRASH_TEST_NAME,
      status: 'failed',
      message: `The process running your code and the tests ended in the middle of the check (${message.split('\n')[0]}).\nDoes your code call process.exit(), process.abort() or process.kill()? A server should close its sockets instead.`,
      durationMs: 0,
    };
  }
  return {
    name: 'No uncaught errors while the tests ran',
    status: 'failed',
    message: `${message}\nAn error was thrown outside any test — often in an event handler ('data', 'message', 'error') of your code, or by a socket without an 'error' listener.`,
    durationMs: 0,
  };
}

/**
 * Failures that belong to no test: the learner's module failed to load (in
 * a beforeAll), a test file failed to import, or something blew up between
 * tests. Each becomes a checklist line of its own.
 */
export function problemsOutsideTests(modules: readonly TestModule[], unhandled: readonly unknown[]): TestResult[] {
  return [
    ...modules
      .flatMap((module) => module.errors())
      .map((error): TestResult => ({ name: 'Your file loads without errors', status: 'failed', message: explainError(error as ErrorLike), durationMs: 0 })),
    ...unhandled.map((error) => explainUnhandled(error as ErrorLike)),
  ];
}

export function collectResult(
  exercise: string,
  seed: number,
  modules: readonly TestModule[],
  unhandled: readonly unknown[],
  durationMs: number,
): CheckResult {
  const tests: TestResult[] = [];
  // The same order on every run, whatever order the files happened to finish in.
  for (const module of [...modules].sort((a, b) => a.moduleId.localeCompare(b.moduleId))) {
    for (const test of module.children.allTests()) {
      const result = test.result();
      const { trace, leftovers } = test.meta();
      const parsedTrace = trace ? traceSchema.safeParse(trace) : undefined;
      tests.push({
        name: test.fullName,
        status: result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped',
        message: result.state === 'failed' ? explainError(result.errors?.[0] as ErrorLike | undefined) : '',
        durationMs: Math.round(test.diagnostic()?.duration ?? 0),
        ...(parsedTrace?.success ? { trace: parsedTrace.data } : {}),
        ...(leftovers?.length ? { leftovers } : {}),
      });
    }
  }
  tests.push(...problemsOutsideTests(modules, unhandled));
  const count = (status: TestResult['status']) => tests.filter((t) => t.status === status).length;
  const totals = { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
  // A worker that died took the rest of the tests with it: the check could not finish.
  const crash = tests.find((t) => t.name === CRASH_TEST_NAME);
  return {
    exercise,
    status: crash ? 'error' : totals.failed === 0 && totals.passed > 0 ? 'passed' : 'failed',
    ...(crash ? { error: { code: 'CRASHED' as const, message: crash.message } } : {}),
    tests,
    totals,
    seed,
    durationMs: Math.round(durationMs),
    finishedAt: new Date().toISOString(),
  };
}
