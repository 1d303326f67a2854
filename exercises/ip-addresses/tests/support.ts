/**
 * Checks shared by the ip-addresses tests. Each one calls the learner's
 * function on a whole table of inputs and, when some go wrong, fails once
 * with a ContractError that lists them (call, reason, what came back), so a
 * learner sees every broken case at once instead of one per run.
 */
import { ContractError } from '../../../testkit/explain.ts';

/** How many wrong cases a failure lists before it summarises the rest. */
const MAX_LISTED = 8;

/** A valid input and the answer the task asks for. */
export interface Expected<I, O> {
  input: I;
  expected: O;
  /** Why this case matters, shown when it fails. */
  why?: string;
}

/** An input the task says must be refused, and the rule it breaks. */
export interface Refused<I> {
  input: I;
  why: string;
}

interface Context {
  /** The rule of the task, in the task's words. */
  rule: string;
  hint?: string;
}

/**
 * Show a value as the learner would type it: strings quoted and escaped
 * (so a trailing "\n" is visible), numbers as JavaScript prints them (JSON
 * would print NaN and Infinity as null), errors as "Name: message".
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

type Outcome = { threw: false; value: unknown } | { threw: true; error: unknown };

function attempt(call: () => unknown): Outcome {
  try {
    return { threw: false, value: call() };
  } catch (error) {
    return { threw: true, error };
  }
}

function fail(context: Context, sent: string, expected: string, problems: string[]): never {
  const listed = problems.slice(0, MAX_LISTED);
  const more = problems.length > MAX_LISTED ? `\n    … and ${problems.length - MAX_LISTED} more` : '';
  throw new ContractError({
    rule: context.rule,
    sent,
    expected,
    received: `${problems.length} wrong:\n    ${listed.join('\n    ')}${more}`,
    hint: context.hint,
  });
}

/** Every call must return exactly the expected value (compared with ===). */
export function expectResults<I, O>(
  name: string,
  call: (input: I) => unknown,
  cases: readonly Expected<I, O>[],
  context: Context & { sent?: string },
): void {
  const problems: string[] = [];
  for (const { input, expected, why } of cases) {
    const outcome = attempt(() => call(input));
    const reason = why ? ` (${why})` : '';
    if (outcome.threw) {
      problems.push(`${name}(${show(input)}) threw ${show(outcome.error)}; expected ${show(expected)}${reason}`);
    } else if (outcome.value !== expected) {
      problems.push(`${name}(${show(input)}) returned ${show(outcome.value)}; expected ${show(expected)}${reason}`);
    }
  }
  if (problems.length > 0) {
    const sample = cases.slice(0, 3).map((c) => `${name}(${show(c.input)})`).join(', ');
    fail(
      context,
      context.sent ?? `${cases.length} call${cases.length === 1 ? '' : 's'}: ${sample}${cases.length > 3 ? ', …' : ''}`,
      'the value the task describes for each call',
      problems,
    );
  }
}

/**
 * Every call must throw a RangeError (a subclass counts). Returning any
 * value, or throwing another kind of error, is reported with the reason
 * the input is invalid.
 */
export function expectRangeErrors<I>(
  name: string,
  call: (input: I) => unknown,
  cases: readonly Refused<I>[],
  context: Context,
): void {
  const problems: string[] = [];
  for (const { input, why } of cases) {
    const outcome = attempt(() => call(input));
    if (!outcome.threw) {
      problems.push(`${name}(${show(input)}) returned ${show(outcome.value)} — but ${why}`);
    } else if (!(outcome.error instanceof RangeError)) {
      problems.push(`${name}(${show(input)}) threw ${show(outcome.error)}, which is not a RangeError (${why})`);
    }
  }
  if (problems.length > 0) {
    fail(
      context,
      `${cases.length} invalid input${cases.length === 1 ? '' : 's'} to ${name}`,
      'a thrown RangeError for every one of them',
      problems,
    );
  }
}

/** The number of the address a.b.c.d, computed without bitwise operators. */
export function addressOf(a: number, b: number, c: number, d: number): number {
  return ((a * 256 + b) * 256 + c) * 256 + d;
}

/** The dotted quad of an unsigned 32-bit value, computed without bitwise operators. */
export function dottedQuad(value: number): string {
  const octets: number[] = [];
  let rest = value;
  for (let i = 0; i < 4; i++) {
    octets.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
  return octets.join('.');
}
