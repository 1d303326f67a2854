// Mutant: the octet pattern /^[0-9]{1,3}$/ allows leading zeros ("01", "010", "00"). Caught by "accepts a lone 0 but refuses leading zeros" and classify's "throws a RangeError for an invalid address".
/**
 * IPv4 addresses as text and as numbers: parse a strict dotted quad into its
 * unsigned 32-bit value, format such a value back, and name the special range
 * an address belongs to.
 */

/** What `classifyIPv4` can answer. */
export type IPv4Class = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'broadcast' | 'public';

/** 2^32: one more than the largest IPv4 address, 255.255.255.255. */
const ADDRESS_SPACE = 2 ** 32;

/** One octet: one to three ASCII digits; the limit of 255 is checked separately. */
const OCTET = /^[0-9]{1,3}$/;

/**
 * A special range written as its first address and its prefix length, in
 * the order `classifyIPv4` tries them. The two single addresses come first
 * so that they win over any wider range they might fall into.
 */
interface Range {
  readonly first: string;
  readonly prefix: number;
  readonly name: Exclude<IPv4Class, 'public'>;
}

const SPECIAL_RANGES: readonly Range[] = [
  { first: '0.0.0.0', prefix: 32, name: 'unspecified' },
  { first: '255.255.255.255', prefix: 32, name: 'broadcast' },
  { first: '127.0.0.0', prefix: 8, name: 'loopback' },
  { first: '10.0.0.0', prefix: 8, name: 'private' },
  { first: '172.16.0.0', prefix: 12, name: 'private' },
  { first: '192.168.0.0', prefix: 16, name: 'private' },
  { first: '169.254.0.0', prefix: 16, name: 'link-local' },
  { first: '224.0.0.0', prefix: 4, name: 'multicast' },
];

/**
 * Parse a dotted-quad IPv4 address such as `"192.168.1.10"`.
 *
 * @param text Exactly four decimal octets 0–255 joined by dots: ASCII digits
 *   only, no sign, no leading zero except a lone `0`, no whitespace.
 * @returns The address as an unsigned 32-bit integer (0 … 4294967295).
 * @throws RangeError when `text` is not such an address.
 */
export function parseIPv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) {
    throw new RangeError(`an IPv4 address has exactly 4 dot-separated octets, got ${parts.length} in ${JSON.stringify(text)}`);
  }

  let value = 0;
  for (const part of parts) {
    // Number() and parseInt() are both too forgiving here: they accept
    // whitespace, signs, hex, exponents or trailing letters. The pattern
    // decides what an octet may look like; only then is it converted.
    if (!OCTET.test(part) || Number(part) > 255) {
      throw new RangeError(`${JSON.stringify(part)} is not an octet (0–255, no leading zeros) in ${JSON.stringify(text)}`);
    }
    // Multiplying instead of `(value << 8) | octet`: JavaScript's bitwise
    // operators work on signed 32-bit integers, so shifting would turn every
    // address from 128.0.0.0 up into a negative number.
    value = value * 256 + Number(part);
  }
  return value;
}

/**
 * Format an unsigned 32-bit value as a dotted quad, e.g. 3232235786 → `"192.168.1.10"`.
 *
 * @param value An integer from 0 to 2^32 − 1.
 * @throws RangeError for anything else (fractions, negatives, NaN, Infinity, ≥ 2^32).
 */
export function formatIPv4(value: number): string {
  // Without this check, `>>>` below would quietly wrap -1 into
  // 255.255.255.255 and truncate 1.5 into 0.0.0.1.
  if (!Number.isInteger(value) || value < 0 || value >= ADDRESS_SPACE) {
    throw new RangeError(`an IPv4 address is an integer from 0 to ${ADDRESS_SPACE - 1}, got ${String(value)}`);
  }
  // `>>>` (unlike `>>`) treats its operand as unsigned, so the top octet of
  // 200.0.0.0 comes out as 200, not -56.
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}

/**
 * Name the range a dotted-quad address belongs to.
 *
 * `0.0.0.0` is unspecified, 127.0.0.0/8 loopback, 10.0.0.0/8, 172.16.0.0/12
 * and 192.168.0.0/16 private, 169.254.0.0/16 link-local, 224.0.0.0/4
 * multicast, `255.255.255.255` broadcast, and every other address public.
 *
 * @throws RangeError when `text` is not a valid address (see `parseIPv4`).
 */
export function classifyIPv4(text: string): IPv4Class {
  const address = parseIPv4(text);
  for (const range of SPECIAL_RANGES) {
    if (inRange(address, range)) return range.name;
  }
  return 'public';
}

/**
 * Whether `address` lies in the range: the two agree on the first `prefix`
 * bits. Integer division by 2^(32 − prefix) drops the host bits and, unlike
 * a bit mask, needs no care about signed results.
 */
function inRange(address: number, range: Range): boolean {
  const blockSize = 2 ** (32 - range.prefix);
  return Math.floor(address / blockSize) === Math.floor(parseIPv4(range.first) / blockSize);
}
