/**
 * What a check prints into the terminal, as it happens: each test with a
 * tick or a cross, the failure explained in the test's own teaching words,
 * and what the learner's code printed. No stack traces into our test code or
 * its source: the learner needs the rule they broke, not our internals.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type {} from '../testkit/harness/trace-recorder.ts';
import { explainError, problemsOutsideTests } from './check-reporter.ts';

const green = (s: string) => `\x1b[32m${s}\x1b[39m`;
const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
const dim = (s: string) => `\x1b[2m${s}\x1b[22m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;

/** In a pty, a bare \n only moves down; terminals need \r\n to start the next line at the left. */
const lines = (text: string) => text.replace(/\r?\n/g, '\r\n');

interface UserLog {
  content: string;
  type: 'stdout' | 'stderr';
}

export class TerminalReporter implements Reporter {
  /** Silent while the host warms up its worker: the learner should see only their own check. */
  muted = false;

  constructor(private readonly out: (text: string) => void = (text) => process.stdout.write(text)) {}

  private write(text: string): void {
    if (!this.muted) this.out(text);
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    const ms = dim(` ${Math.round(test.diagnostic()?.duration ?? 0)} ms`);
    if (result.state === 'passed') this.write(`${green('✓')} ${test.fullName}${ms}\r\n`);
    else if (result.state === 'failed') {
      this.write(`${red('✗')} ${bold(test.fullName)}${ms}\r\n`);
      const message = explainError(result.errors?.[0] as { message?: string; diff?: string } | undefined);
      this.write(`${lines(message.split('\n').map((line) => `    ${line}`).join('\n'))}\r\n`);
    } else this.write(`${dim('–')} ${dim(test.fullName)}\r\n`);
    for (const leftover of test.meta().leftovers ?? []) this.write(`    \x1b[33m⚠ left open by your code: ${leftover}\x1b[39m\r\n`);
  }

  onUserConsoleLog(log: UserLog): void {
    const label = log.type === 'stderr' ? red('your code (stderr) │') : dim('your code │');
    const text = log.content.replace(/\n$/, '');
    this.write(`${text.split('\n').map((line) => `  ${label} ${line}`).join('\r\n')}\r\n`);
  }

  onTestRunEnd(modules: readonly TestModule[], unhandled: readonly unknown[]): void {
    for (const problem of problemsOutsideTests(modules, unhandled)) {
      this.write(`${red('✗')} ${bold(problem.name)}\r\n${lines(problem.message.split('\n').map((line) => `    ${line}`).join('\n'))}\r\n`);
    }
  }
}
