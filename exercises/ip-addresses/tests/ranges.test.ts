/**
 * Hidden tests of classifyIPv4: each special range with the addresses just
 * inside and just outside both of its ends, then random addresses checked
 * against the task's table, then invalid input.
 */
import { test } from 'vitest';
import { createRandom } from '../../../testkit/seed.ts';
import { exported, useSolution } from '../../../testkit/solution.ts';
import { addressOf, dottedQuad, expectRangeErrors, expectResults, type Expected, type Refused } from './support.ts';

type Solution = typeof import('../solution/solution.ts');
type Kind = ReturnType<Solution['classifyIPv4']>;

const solution = useSolution<Solution>();
// A getter, called at the start of each test: a missing export fails once, with exported()'s explanation.
const classifyIPv4 = () => exported<Solution['classifyIPv4']>(solution(), 'classifyIPv4');

/** The task's table, as first and last address of each range. Every address outside them is public. */
const RANGES: ReadonlyArray<{ first: number; last: number; kind: Kind; name: string }> = [
  { first: addressOf(0, 0, 0, 0), last: addressOf(0, 0, 0, 0), kind: 'unspecified', name: '0.0.0.0' },
  { first: addressOf(127, 0, 0, 0), last: addressOf(127, 255, 255, 255), kind: 'loopback', name: '127.0.0.0/8' },
  { first: addressOf(10, 0, 0, 0), last: addressOf(10, 255, 255, 255), kind: 'private', name: '10.0.0.0/8' },
  { first: addressOf(172, 16, 0, 0), last: addressOf(172, 31, 255, 255), kind: 'private', name: '172.16.0.0/12' },
  { first: addressOf(192, 168, 0, 0), last: addressOf(192, 168, 255, 255), kind: 'private', name: '192.168.0.0/16' },
  { first: addressOf(169, 254, 0, 0), last: addressOf(169, 254, 255, 255), kind: 'link-local', name: '169.254.0.0/16' },
  { first: addressOf(224, 0, 0, 0), last: addressOf(239, 255, 255, 255), kind: 'multicast', name: '224.0.0.0/4' },
  { first: addressOf(255, 255, 255, 255), last: addressOf(255, 255, 255, 255), kind: 'broadcast', name: '255.255.255.255' },
];

function expectedKind(address: number): { kind: Kind; why: string } {
  const range = RANGES.find((r) => address >= r.first && address <= r.last);
  return range ? { kind: range.kind, why: `in ${range.name}` } : { kind: 'public', why: 'in none of the special ranges' };
}

function classifies(text: string, kind: Kind, why?: string): Expected<string, Kind> {
  return { input: text, expected: kind, why };
}

const TABLE_RULE =
  'classifyIPv4: 0.0.0.0 unspecified, 127/8 loopback, 10/8 172.16/12 192.168/16 private, 169.254/16 link-local, 224/4 multicast, 255.255.255.255 broadcast, everything else public';

test('calls only 0.0.0.0 unspecified', () => {
  expectResults('classifyIPv4', classifyIPv4(), [
    classifies('0.0.0.0', 'unspecified'),
    classifies('0.0.0.1', 'public', 'only the single address 0.0.0.0 is unspecified'),
    classifies('0.255.255.255', 'public', 'only the single address 0.0.0.0 is unspecified'),
    classifies('1.0.0.0', 'public'),
  ], { rule: TABLE_RULE });
});

test('calls 127.0.0.0/8 loopback', () => {
  expectResults('classifyIPv4', classifyIPv4(), [
    classifies('126.255.255.255', 'public', 'just below 127.0.0.0'),
    classifies('127.0.0.0', 'loopback', 'first address of 127/8'),
    classifies('127.0.0.1', 'loopback'),
    classifies('127.10.20.30', 'loopback', 'all of 127/8 is loopback, not only 127.0.0.1'),
    classifies('127.255.255.255', 'loopback', 'last address of 127/8'),
    classifies('128.0.0.0', 'public', 'just above 127/8'),
  ], { rule: TABLE_RULE });
});

test('calls 10/8, 172.16/12 and 192.168/16 private', () => {
  expectResults('classifyIPv4', classifyIPv4(), [
    classifies('9.255.255.255', 'public', 'just below 10/8'),
    classifies('10.0.0.0', 'private', 'first address of 10/8'),
    classifies('10.255.255.255', 'private', 'last address of 10/8'),
    classifies('11.0.0.0', 'public', 'just above 10/8'),
    classifies('172.15.255.255', 'public', 'just below 172.16/12'),
    classifies('172.16.0.0', 'private', 'first address of 172.16/12'),
    classifies('172.20.1.1', 'private'),
    classifies('172.31.255.255', 'private', 'last address of 172.16/12: /12 covers 172.16 to 172.31'),
    classifies('172.32.0.0', 'public', 'just above 172.16/12: /12 covers 172.16 to 172.31'),
    classifies('171.16.0.1', 'public', 'the first octet must be 172'),
    classifies('173.20.0.1', 'public', 'the first octet must be 172'),
    classifies('192.167.255.255', 'public', 'just below 192.168/16'),
    classifies('192.168.0.0', 'private', 'first address of 192.168/16'),
    classifies('192.168.1.10', 'private'),
    classifies('192.168.255.255', 'private', 'last address of 192.168/16'),
    classifies('192.169.0.0', 'public', 'just above 192.168/16'),
  ], { rule: TABLE_RULE, hint: 'A /12 fixes the first 12 bits: 172.16.0.0 to 172.31.255.255, i.e. second octet 16 to 31.' });
});

test('calls 169.254.0.0/16 link-local', () => {
  expectResults('classifyIPv4', classifyIPv4(), [
    classifies('169.253.255.255', 'public', 'just below 169.254/16'),
    classifies('169.254.0.0', 'link-local', 'first address of 169.254/16'),
    classifies('169.254.169.254', 'link-local'),
    classifies('169.254.255.255', 'link-local', 'last address of 169.254/16'),
    classifies('169.255.0.0', 'public', 'just above 169.254/16'),
    classifies('168.254.0.1', 'public', 'the first octet must be 169'),
  ], { rule: TABLE_RULE });
});

test('calls 224.0.0.0/4 multicast', () => {
  expectResults('classifyIPv4', classifyIPv4(), [
    classifies('223.255.255.255', 'public', 'just below 224/4'),
    classifies('224.0.0.0', 'multicast', 'first address of 224/4'),
    classifies('224.0.0.251', 'multicast'),
    classifies('230.1.2.3', 'multicast'),
    classifies('239.255.255.255', 'multicast', 'last address of 224/4: /4 covers 224 to 239'),
    classifies('240.0.0.0', 'public', 'just above 224/4: /4 covers 224 to 239 only'),
    classifies('250.1.2.3', 'public', 'above 224/4'),
  ], { rule: TABLE_RULE, hint: 'A /4 fixes the first 4 bits (1110): first octets 224 to 239. 240 and up is not multicast.' });
});

test('calls only 255.255.255.255 broadcast', () => {
  expectResults('classifyIPv4', classifyIPv4(), [
    classifies('255.255.255.255', 'broadcast'),
    classifies('255.255.255.254', 'public', 'only the single address 255.255.255.255 is broadcast'),
    classifies('255.0.0.0', 'public', 'only the single address 255.255.255.255 is broadcast'),
    classifies('254.255.255.255', 'public'),
    classifies('192.168.1.255', 'private', 'the last address of a subnet is still classified by its range'),
  ], { rule: TABLE_RULE });
});

test('calls every other address public', () => {
  expectResults('classifyIPv4', classifyIPv4(), [
    classifies('1.1.1.1', 'public'),
    classifies('8.8.8.8', 'public'),
    classifies('11.22.33.44', 'public'),
    classifies('100.64.0.1', 'public', 'not in the task’s table, so public here'),
    classifies('128.0.0.1', 'public'),
    classifies('172.1.2.3', 'public'),
    classifies('192.0.2.1', 'public', 'not in the task’s table, so public here'),
    classifies('198.51.100.7', 'public'),
    classifies('203.0.113.9', 'public'),
    classifies('223.1.2.3', 'public'),
  ], { rule: TABLE_RULE });
});

test('agrees with the table on random addresses', () => {
  const random = createRandom();
  // Most mistakes sit at the ends of a range, so half the addresses are
  // drawn close to an edge, the rest from anywhere.
  const edges = RANGES.flatMap((r) => [r.first, r.last]);
  const cases = Array.from({ length: 1000 }, (_, i) => {
    let address: number;
    if (i % 2 === 0) {
      address = random.int(0, 2 ** 32 - 1);
    } else {
      const reach = 2 ** random.int(0, 24);
      address = Math.min(2 ** 32 - 1, Math.max(0, random.pick(edges) + random.int(-reach, reach)));
    }
    const { kind, why } = expectedKind(address);
    return classifies(dottedQuad(address), kind, why);
  });
  expectResults('classifyIPv4', classifyIPv4(), cases, {
    rule: TABLE_RULE,
    sent: `1000 random addresses, half of them near the ends of a range (seed ${random.seed})`,
  });
});

test('throws a RangeError for an invalid address', () => {
  const cases: Refused<string>[] = [
    { input: '', why: 'the empty string is not an address' },
    { input: '10.0.0', why: 'it has three octets' },
    { input: '10.0.0.1.5', why: 'it has five octets' },
    { input: '10.0.0.256', why: '256 is above 255' },
    { input: '192.168.1.300', why: '300 is above 255' },
    { input: '010.0.0.1', why: '010 has a leading zero' },
    { input: '+10.0.0.1', why: 'an octet has no sign' },
    { input: ' 127.0.0.1', why: 'it starts with a space' },
    { input: '127.0.0.1\n', why: 'it ends with a newline' },
    { input: '0x7f.0.0.1', why: 'hexadecimal is not allowed' },
    { input: '１0.0.0.1', why: '１ is a full-width digit, not ASCII 1' },
    { input: 'localhost', why: 'a host name is not an address' },
    { input: '255.255.255.255.255', why: 'it has five octets' },
  ];
  expectRangeErrors('classifyIPv4', classifyIPv4(), cases, {
    rule: 'classifyIPv4 of anything parseIPv4 refuses throws a RangeError',
    hint: 'Validate first (parseIPv4 already does), then compare numbers: text prefixes such as startsWith("10.") accept "10.0.0.256".',
  });
});
