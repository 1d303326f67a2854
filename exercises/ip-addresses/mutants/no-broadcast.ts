// Mutant: the broadcast special case is forgotten, so 255.255.255.255 comes back "public". Caught by "calls only 255.255.255.255 broadcast" and "agrees with the table on random addresses".
/**
 * IPv4 addresses as text and as numbers: parse a strict dotted quad into its
 * unsigned 32-bit value, format such a value back, and name the special range
 * an address belongs to.
 */

/** What `classifyIPv4` can answer. */
export type IPv4Class = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'broadcast' | 'public';

/** 2^32: one more than the largest IPv4 address, 255.255.255.255. */
const ADDRESS_SPACE = 2 ** 32;

/**
 * One octet: a lone `0`, or 1–3 ASCII digits without a leading zero. The
 * numeric limit (≤ 255) is checked separately, where it reads more clearly
 * than in a regular expression. `[0-9]` rather than `\d` documents that only
 * ASCII digits count.
 */
const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

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
  parseIPv4(text);
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  if (a === 0 && b === 0 && c === 0 && d === 0) return 'unspecified';
  if (false) return 'broadcast';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224 && a <= 239) return 'multicast';
  return 'public';
}
