/** The closing lines of a CLI check: the streamed output already listed each test, so only what it could not say. */
import type { CheckResult } from '../schema/check-result.ts';

const green = (s: string) => `\x1b[32m${s}\x1b[39m`;
const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
const dim = (s: string) => `\x1b[2m${s}\x1b[22m`;

export function formatVerdict(result: CheckResult): string {
  const lines: string[] = [];
  // A compile error was already explained in the streamed output; anything that stopped the host was not.
  const explained = result.error?.code === 'COMPILE_ERROR' || result.error?.code === 'NO_SOLUTION';
  if (result.error) lines.push('', red(`✗ ${result.error.code}`), ...(explained ? [] : [result.error.message]));
  const verdict = result.status === 'passed' ? green('PASSED') : red(result.status === 'error' ? 'COULD NOT FINISH' : 'FAILED');
  lines.push(`${verdict} ${result.exercise}: ${result.totals.passed} passed, ${result.totals.failed} failed ${dim(`(seed ${result.seed})`)}`);
  return lines.join('\n');
}
