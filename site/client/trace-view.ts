/**
 * The exercise page's "What went over the wire": after a check, a picker of
 * the tests that recorded a trace and the sequence diagram of the chosen one,
 * drawn by the same renderer the lessons use, plus what the learner's code
 * left open in that test.
 */
import type { CheckResult, TestResult } from '../../schema/check-result.ts';
import { renderTraceSvg } from '../trace/trace-svg.ts';

export interface TraceView {
  /** Show the traces of `result`, or hide the section when none of its tests has one. */
  show(result: CheckResult): void;
}

/** The test to show first: the first failing test with a trace (that is the one to understand), else the first. */
export function defaultTraceIndex(tests: TestResult[]): number {
  const failing = tests.findIndex((test) => test.trace && test.status === 'failed');
  return failing >= 0 ? failing : tests.findIndex((test) => test.trace);
}

export function createTraceView(section: HTMLElement): TraceView {
  const select = section.querySelector<HTMLSelectElement>('[data-trace-select]')!;
  const diagram = section.querySelector<HTMLElement>('[data-trace-diagram]')!;
  const leftovers = section.querySelector<HTMLElement>('[data-trace-leftovers]')!;
  const leftoverList = section.querySelector<HTMLElement>('[data-trace-leftovers-list]')!;
  let tests: TestResult[] = [];

  const draw = () => {
    const test = tests[Number(select.value)];
    if (!test?.trace) {
      diagram.replaceChildren();
      leftovers.hidden = true;
      return;
    }
    // renderTraceSvg escapes every label and lane name: the markup is safe to insert.
    diagram.innerHTML = renderTraceSvg(test.trace, { title: test.name });
    const open = test.leftovers ?? [];
    leftoverList.replaceChildren(
      ...open.map((text) => {
        const item = document.createElement('li');
        item.textContent = text;
        return item;
      }),
    );
    leftovers.hidden = open.length === 0;
  };

  select.addEventListener('change', draw);

  return {
    show(result) {
      tests = result.tests;
      const first = defaultTraceIndex(tests);
      if (first < 0) {
        section.hidden = true;
        select.replaceChildren();
        diagram.replaceChildren();
        return;
      }
      select.replaceChildren(
        ...tests.flatMap((test, index) => {
          if (!test.trace) return [];
          const option = document.createElement('option');
          option.value = String(index);
          // Words, not ✓/✗: an option cannot hide a symbol from screen readers.
          option.textContent = test.status === 'failed' ? `${test.name} (failed)` : test.name;
          return [option];
        }),
      );
      select.value = String(first);
      section.hidden = false;
      draw();
    },
  };
}
