/** A check result as terminal lines: the same checklist the page shows, for the CLI. */
import type { CheckResult } from '../schema/check-result.ts';

const green = (s: string) => `\x1b[32m${s}\x1b[39m`;
const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
const dim = (s: string) => `\x1b[2m${s}\x1b[22m`;

export function formatChecklist(result: CheckResult): string {
  const lines = [''];
  if (result.error) lines.push(red(`✗ ${result.error.code}: ${result.error.message}`));
  for (const test of result.tests) {
    const mark = test.status === 'passed' ? green('✓') : test.status === 'failed' ? red('✗') : dim('-');
    lines.push(`${mark} ${test.name}`);
    if (test.status === 'failed' && test.message) {
      lines.push(...test.message.split('\n').map((line) => dim(`    ${line}`)));
    }
  }
  const verdict = result.status === 'passed' ? green('PASSED') : red(result.status === 'error' ? 'COULD NOT FINISH' : 'FAILED');
  lines.push('', `${verdict} ${result.exercise}: ${result.totals.passed} passed, ${result.totals.failed} failed ${dim(`(${result.durationMs} ms, seed ${result.seed})`)}`);
  return lines.join('\n');
}
