/**
 * IPv4 addresses as text and as numbers. Read task.md first: it lists every
 * rule the checks will try. Run `npm run check -- ip-addresses` whenever you
 * want to see how far you are.
 */

/**
 * Parse a dotted-quad IPv4 address such as `"192.168.1.10"`.
 *
 * @param text Exactly four decimal octets 0–255 joined by dots: ASCII digits
 *   only, no sign, no leading zero except a lone `0`, no whitespace.
 * @returns The address as an unsigned 32-bit integer (0 … 4294967295),
 *   e.g. 3232235786 for `"192.168.1.10"`.
 * @throws RangeError when `text` is not such an address.
 */
export function parseIPv4(text: string): number {
  // TODO: split the text at the dots and refuse it unless there are exactly 4 parts.
  // TODO: decide what a valid octet looks like *before* converting it to a number:
  //       Number(" 1"), Number("0x7f") and parseInt("1a", 10) all "work".
  // TODO: combine the octets into one number that stays positive for 128.0.0.0 and up.
  throw new Error(`TODO: parseIPv4(${JSON.stringify(text)}) is not written yet`);
}

/**
 * Format an unsigned 32-bit value as a dotted quad, e.g. 3232235786 → `"192.168.1.10"`.
 *
 * @param value An integer from 0 to 2^32 − 1.
 * @throws RangeError for anything else (fractions, negatives, NaN, Infinity, ≥ 2^32).
 */
export function formatIPv4(value: number): string {
  // TODO: refuse values that are not integers from 0 to 2 ** 32 - 1, first.
  // TODO: take the number apart into four octets, most significant first.
  throw new Error(`TODO: formatIPv4(${value}) is not written yet`);
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
export function classifyIPv4(
  text: string,
): 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'broadcast' | 'public' {
  // TODO: let parseIPv4 validate the text, then compare numbers, not strings.
  // TODO: a /n range fixes the first n bits: 172.16.0.0/12 runs up to 172.31.255.255.
  throw new Error(`TODO: classifyIPv4(${JSON.stringify(text)}) is not written yet`);
}
