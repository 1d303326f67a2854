/**
 * Failure messages that teach: which rule of the task was broken, what the
 * test sent, what it expected and what came back, with the first differing
 * byte marked. Hidden tests throw these instead of bare assertion errors.
 */

const PREVIEW_BYTES = 48;

/** Bytes as text where they are printable ASCII, as \n, \r or \xNN where not; at most `limit` bytes, then "…". */
export function printable(data: Buffer | string, limit = PREVIEW_BYTES): string {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let text = '';
  for (const byte of buf.subarray(0, limit)) {
    if (byte === 0x0a) text += '\\n';
    else if (byte === 0x0d) text += '\\r';
    else if (byte >= 0x20 && byte < 0x7f && byte !== 0x5c) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return buf.length > limit ? `${text}…` : text;
}

/** Show bytes quoted, with their count: "ab\x00c" (4 bytes). */
export function previewBytes(data: Buffer | string, limit = PREVIEW_BYTES): string {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  if (buf.length === 0) return '(nothing: 0 bytes)';
  const more = buf.length > limit ? ` … (+${buf.length - limit} more)` : '';
  return `"${printable(buf.subarray(0, limit))}"${more} (${buf.length} byte${buf.length === 1 ? '' : 's'})`;
}

/** How a payload was cut into writes, so a failure shows the chunk boundaries: 3 pieces: "ab" | "c\xe2" | "\x82\xac". */
export function describePieces(pieces: readonly Buffer[], limit = 6): string {
  const shown = pieces.slice(0, limit).map((piece) => `"${printable(piece, 16)}"`);
  const more = pieces.length > limit ? ` | … (+${pieces.length - limit} more pieces)` : '';
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
  return `${pieces.length} piece${pieces.length === 1 ? '' : 's'} (${total} bytes): ${shown.join(' | ')}${more}`;
}

/** Index of the first byte where the two differ, or -1 when equal. */
export function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export interface Exchange {
  /** The rule of the task this test checks, in the task's words. */
  rule: string;
  /** What the test did, e.g. 'sent 3 datagrams from one socket'. */
  sent: string;
  expected: string;
  received: string;
  /** Extra advice for the learner. */
  hint?: string;
}

export class ContractError extends Error {
  constructor(exchange: Exchange) {
    const lines = [
      `Rule: ${exchange.rule}`,
      `  sent:     ${exchange.sent}`,
      `  expected: ${exchange.expected}`,
      `  received: ${exchange.received}`,
    ];
    if (exchange.hint) lines.push(`  hint:     ${exchange.hint}`);
    super(lines.join('\n'));
    this.name = 'ContractError';
  }
}

/** Throw a ContractError unless `received` equals `expected` byte for byte. */
export function expectSameBytes(
  received: Buffer,
  expected: Buffer,
  context: { rule: string; sent: string; hint?: string },
): void {
  const at = firstDifference(received, expected);
  if (at === -1) return;
  const where =
    at >= received.length
      ? ` — it stops after byte ${at}, ${expected.length - received.length} byte(s) short`
      : at >= expected.length
        ? ` — ${received.length - expected.length} extra byte(s) from byte ${at} on`
        : ` — first difference at byte ${at}: expected 0x${expected[at]!.toString(16).padStart(2, '0')}, got 0x${received[at]!.toString(16).padStart(2, '0')}`;
  throw new ContractError({
    rule: context.rule,
    sent: context.sent,
    expected: previewBytes(expected),
    received: previewBytes(received) + where,
    hint: context.hint,
  });
}

/** Throw a ContractError unless the two plain values are equal (by JSON). */
export function expectValue<T>(received: T, expected: T, context: { rule: string; sent: string; hint?: string }): void {
  if (JSON.stringify(received) === JSON.stringify(expected)) return;
  throw new ContractError({
    rule: context.rule,
    sent: context.sent,
    expected: describe(expected),
    received: describe(received),
    hint: context.hint,
  });
}

export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return JSON.stringify(value);
}
