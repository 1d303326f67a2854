/** Renders a check result as the exercise page's checklist. */
import type { CheckResult } from '../../schema/check-result.ts';

export function renderChecklist(list: HTMLElement, summary: HTMLElement, result: CheckResult): void {
  list.replaceChildren();
  if (result.error) {
    const item = document.createElement('li');
    item.dataset.status = 'failed';
    item.innerHTML = '<span class="mark" aria-hidden="true">✗</span>';
    const name = document.createElement('strong');
    name.textContent = result.error.code === 'COMPILE_ERROR' ? 'Your file compiles' : 'The check finished';
    const message = document.createElement('pre');
    message.textContent = result.error.message;
    item.append(name, message);
    list.append(item);
  }
  for (const test of result.tests) {
    const item = document.createElement('li');
    item.dataset.status = test.status;
    const mark = document.createElement('span');
    mark.className = 'mark';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = test.status === 'passed' ? '✓' : test.status === 'failed' ? '✗' : '–';
    const name = document.createElement('span');
    name.textContent = test.name;
    const status = document.createElement('span');
    status.className = 'visually-hidden';
    status.textContent = ` (${test.status})`;
    item.append(mark, name, status);
    if (test.status === 'failed' && test.message) {
      const details = document.createElement('details');
      const why = document.createElement('summary');
      why.textContent = 'Why it failed';
      const message = document.createElement('pre');
      message.textContent = test.message;
      details.append(why, message);
      details.open = result.tests.filter((t) => t.status === 'failed').indexOf(test) === 0;
      item.append(details);
    }
    list.append(item);
  }
  const when = new Date(result.finishedAt).toLocaleTimeString();
  summary.dataset.status = result.status;
  summary.textContent =
    result.status === 'passed'
      ? `Passed: all ${result.totals.passed} checks (${when}).`
      : result.status === 'error'
        ? `The check could not finish (${when}).`
        : `${result.totals.passed} of ${result.totals.passed + result.totals.failed} checks pass (${when}, seed ${result.seed}).`;
}
