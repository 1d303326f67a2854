/**
 * Hidden tests of parseIPv4 and formatIPv4: strict dotted quads in, unsigned
 * 32-bit numbers out, and back. Pure functions, so no sockets here.
 */
import { test } from 'vitest';
import { createRandom, type Random } from '../../../testkit/seed.ts';
import { exported, useSolution } from '../../../testkit/solution.ts';
import { addressOf, dottedQuad, expectRangeErrors, expectResults, type Expected, type Refused } from './support.ts';

type Solution = typeof import('../solution/solution.ts');

const solution = useSolution<Solution>();
// Getters, called at the start of each test: a missing export fails once, with exported()'s explanation.
const parseIPv4 = () => exported<Solution['parseIPv4']>(solution(), 'parseIPv4');
const formatIPv4 = () => exported<Solution['formatIPv4']>(solution(), 'formatIPv4');

const PARSE_RULE = 'parseIPv4 turns a dotted quad a.b.c.d into the number a·2²⁴ + b·2¹⁶ + c·2⁸ + d';
const STRICT_RULE =
  'parseIPv4 accepts exactly four decimal octets 0–255 joined by dots: digits 0–9 only, no sign, no leading zero except a lone 0, no whitespace; anything else throws a RangeError';
const FORMAT_RULE = 'formatIPv4 turns a number from 0 to 2³² − 1 into its dotted quad, without leading zeros';
const UNSIGNED_HINT =
  "JavaScript's bitwise operators (<<, |, &, >>) work on signed 32-bit integers, so anything from 128.0.0.0 up comes out negative. Multiply by 256 instead of shifting, or finish with `>>> 0`; use `>>>`, not `>>`, to take a number apart.";

/** Octets that exercise one-, two- and three-digit forms and the edges of 0–255. */
const INTERESTING_OCTETS = [0, 1, 9, 10, 99, 100, 127, 128, 199, 200, 249, 250, 254, 255] as const;

function randomOctet(random: Random): number {
  return random.next() < 0.3 ? random.pick(INTERESTING_OCTETS) : random.int(0, 255);
}

function parses(text: string, why?: string): Expected<string, number> {
  const octets = text.split('.').map(Number) as [number, number, number, number];
  return { input: text, expected: addressOf(...octets), why };
}

// --- parseIPv4: valid input ---------------------------------------------------

test('parses a dotted quad into its 32-bit number', () => {
  expectResults('parseIPv4', parseIPv4(), [
    parses('0.0.0.0'),
    parses('0.0.0.1', 'the last octet counts 1 each'),
    parses('0.0.1.0', 'the third octet counts 256 each'),
    parses('0.1.0.0', 'the second octet counts 65536 each'),
    parses('1.0.0.0', 'the first octet counts 16777216 each'),
    parses('1.2.3.4'),
    parses('10.0.0.1'),
    parses('127.0.0.1'),
    parses('9.99.199.100'),
    parses('100.200.0.1'),
  ], { rule: PARSE_RULE, hint: '1.2.3.4 is 1·16777216 + 2·65536 + 3·256 + 4 = 16909060.' });
});

test('returns a positive number for addresses from 128.0.0.0 up', () => {
  expectResults('parseIPv4', parseIPv4(), [
    parses('127.255.255.255', 'the largest address below 2³¹'),
    parses('128.0.0.0', 'exactly 2³¹'),
    parses('192.168.1.10'),
    parses('224.0.0.1'),
    parses('255.255.255.254'),
    parses('255.255.255.255', 'the largest address, 2³² − 1'),
  ], { rule: `${PARSE_RULE} (an unsigned value, never negative)`, hint: UNSIGNED_HINT });
});

test('parses random addresses correctly', () => {
  const random = createRandom();
  const cases = Array.from({ length: 400 }, () =>
    parses([randomOctet(random), randomOctet(random), randomOctet(random), randomOctet(random)].join('.')),
  );
  expectResults('parseIPv4', parseIPv4(), cases, {
    rule: PARSE_RULE,
    sent: `400 random dotted quads (seed ${random.seed})`,
    hint: UNSIGNED_HINT,
  });
});

test('accepts a lone 0 but refuses leading zeros', () => {
  expectResults('parseIPv4', parseIPv4(), [
    parses('0.0.0.0', 'a lone 0 is an octet'),
    parses('10.0.0.10', '10 has no leading zero'),
    parses('0.100.0.200'),
  ], { rule: STRICT_RULE });
  const cases: Refused<string>[] = [
    { input: '01.2.3.4', why: '01 has a leading zero' },
    { input: '1.02.3.4', why: '02 has a leading zero' },
    { input: '1.2.03.4', why: '03 has a leading zero' },
    { input: '1.2.3.04', why: '04 has a leading zero' },
    { input: '010.0.0.1', why: '010 has a leading zero (some tools read it as octal 8)' },
    { input: '001.1.1.1', why: '001 has leading zeros' },
    { input: '00.0.0.0', why: '00 is not a lone 0' },
    { input: '0.0.0.00', why: '00 is not a lone 0' },
    { input: '1.2.3.000', why: '000 is not a lone 0' },
    { input: '0255.0.0.0', why: '0255 has a leading zero' },
  ];
  expectRangeErrors('parseIPv4', parseIPv4(), cases, {
    rule: STRICT_RULE,
    hint: 'Number("01") and parseInt("01", 10) are both 1: check what the octet looks like before converting it.',
  });
});

test('refuses anything but four dot-separated parts', () => {
  const cases: Refused<string>[] = [
    { input: '', why: 'the empty string has no octets' },
    { input: '1.2.3', why: 'it has three octets' },
    { input: '1.2.3.4.5', why: 'it has five octets' },
    { input: '1..3.4', why: 'the second octet is empty' },
    { input: '1.2.3.', why: 'the last octet is empty' },
    { input: '.1.2.3', why: 'the first octet is empty' },
    { input: '1.2.3.4.', why: 'there is a dot after the last octet' },
    { input: '.1.2.3.4', why: 'there is a dot before the first octet' },
    { input: '...', why: 'all four octets are empty' },
    { input: '127.1', why: 'the short form some tools accept is not a dotted quad' },
    { input: '4294967295', why: 'a plain number is not a dotted quad' },
  ];
  expectRangeErrors('parseIPv4', parseIPv4(), cases, {
    rule: STRICT_RULE,
    hint: 'Number("") is 0: an empty octet must be refused, not read as zero.',
  });
});

test('refuses octets above 255', () => {
  const cases: Refused<string>[] = [
    { input: '256.1.1.1', why: '256 does not fit in one byte' },
    { input: '1.256.1.1', why: '256 does not fit in one byte' },
    { input: '1.1.256.1', why: '256 does not fit in one byte' },
    { input: '1.1.1.256', why: '256 does not fit in one byte' },
    { input: '300.0.0.0', why: '300 is above 255' },
    { input: '999.999.999.999', why: '999 is above 255' },
    { input: '1000.0.0.0', why: '1000 is above 255' },
    { input: '1.2.3.4294967300', why: '4294967300 is above 255 (and wraps to 4 in 32 bits)' },
  ];
  expectRangeErrors('parseIPv4', parseIPv4(), cases, { rule: STRICT_RULE });
});

test('refuses signs, letters, hex and exponents', () => {
  const cases: Refused<string>[] = [
    { input: '+1.2.3.4', why: 'an octet has no sign' },
    { input: '-1.2.3.4', why: 'an octet has no sign' },
    { input: '1.2.3.-0', why: 'an octet has no sign' },
    { input: '1.2.3.a', why: '"a" is not a decimal number' },
    { input: '1a.2.3.4', why: '"1a" is not a decimal number' },
    { input: 'a.b.c.d', why: 'letters are not octets' },
    { input: '0x7f.0.0.1', why: 'hexadecimal is not allowed' },
    { input: '0b1.0.0.0', why: 'binary notation is not allowed' },
    { input: '0o7.0.0.0', why: 'octal notation is not allowed' },
    { input: '1e2.0.0.1', why: 'exponent notation is not allowed, even though 1e2 is 100' },
    { input: '1.2.3.4e0', why: 'exponent notation is not allowed' },
    { input: '1_0.0.0.1', why: 'digit separators are not allowed' },
    { input: '1.2.3.Infinity', why: 'Infinity is not an octet' },
    { input: '1.2.3.4/24', why: 'a CIDR suffix is not part of an address' },
    { input: '1.2.3.4:80', why: 'a port is not part of an address' },
    { input: '1,2,3,4', why: 'octets are separated by dots' },
    { input: '1.2.3.4\u0000', why: 'a NUL character is not a digit' },
  ];
  expectRangeErrors('parseIPv4', parseIPv4(), cases, {
    rule: STRICT_RULE,
    hint: 'parseInt stops at the first non-digit ("1a" → 1) and Number accepts "+1", "0x7f" and "1e2": allow only the characters 0–9.',
  });
});

test('refuses whitespace anywhere, even at the ends', () => {
  const cases: Refused<string>[] = [
    { input: ' 1.2.3.4', why: 'it starts with a space' },
    { input: '1.2.3.4 ', why: 'it ends with a space' },
    { input: '1.2.3.4\n', why: 'it ends with a newline (as a line read from input would)' },
    { input: '1.2.3.4\r\n', why: 'it ends with CR LF' },
    { input: '\t1.2.3.4', why: 'it starts with a tab' },
    { input: '1. 2.3.4', why: 'an octet starts with a space' },
    { input: '1 .2.3.4', why: 'an octet ends with a space' },
    { input: '\u00a01.2.3.4', why: 'it starts with a no-break space' },
  ];
  expectRangeErrors('parseIPv4', parseIPv4(), cases, {
    rule: STRICT_RULE,
    hint: 'Do not trim the input: Number(" 1") is 1, so whitespace has to be refused on purpose.',
  });
});

test('refuses digits that are not ASCII 0–9', () => {
  const cases: Refused<string>[] = [
    { input: '１.2.3.4', why: '１ is a full-width digit (U+FF11), not ASCII 1' },
    { input: '1.2.3.４', why: '４ is a full-width digit (U+FF14), not ASCII 4' },
    { input: '١٠.0.0.1', why: '١٠ are Arabic-Indic digits, not ASCII' },
    { input: '१.2.3.4', why: '१ is a Devanagari digit, not ASCII' },
    { input: '𝟏.2.3.4', why: '𝟏 is a mathematical bold digit, not ASCII' },
  ];
  expectRangeErrors('parseIPv4', parseIPv4(), cases, {
    rule: STRICT_RULE,
    hint: 'Only the ten characters 0–9 are digits here; a pattern such as \\p{Nd} accepts digits of every script.',
  });
});

// --- formatIPv4 -----------------------------------------------------------------

function formats(value: number, why?: string): Expected<number, string> {
  return { input: value, expected: dottedQuad(value), why };
}

test('formats a 32-bit number as a dotted quad', () => {
  expectResults('formatIPv4', formatIPv4(), [
    formats(0),
    formats(1),
    formats(255),
    formats(256, '256 carries into the third octet'),
    formats(65_535),
    formats(16_909_060),
    formats(167_772_161),
    formats(2_130_706_433),
    formats(1_684_275_201, 'zeros inside are written as a lone 0'),
  ], { rule: FORMAT_RULE, hint: '16909060 is 1·16777216 + 2·65536 + 3·256 + 4, so it formats as "1.2.3.4".' });
});

test('formats numbers from 2³¹ up without negative octets', () => {
  expectResults('formatIPv4', formatIPv4(), [
    formats(2 ** 31 - 1, '127.255.255.255'),
    formats(2 ** 31, 'exactly 2³¹, 128.0.0.0'),
    formats(3_232_235_786),
    formats(4_278_190_080),
    formats(2 ** 32 - 2),
    formats(2 ** 32 - 1, 'the largest address'),
  ], { rule: FORMAT_RULE, hint: UNSIGNED_HINT });
});

test('round-trips random values: parseIPv4(formatIPv4(x)) === x', () => {
  const random = createRandom();
  // Half the values from 2³¹ up, where signed arithmetic goes wrong.
  const values = Array.from({ length: 500 }, (_, i) =>
    i % 2 === 0 ? random.int(0, 2 ** 31 - 1) : random.int(2 ** 31, 2 ** 32 - 1),
  );
  const sent = `500 random numbers from 0 to 2³² − 1, half of them ≥ 2³¹ (seed ${random.seed})`;
  expectResults('formatIPv4', formatIPv4(), values.map((value) => formats(value)), { rule: FORMAT_RULE, sent, hint: UNSIGNED_HINT });
  expectResults(
    'parseIPv4',
    parseIPv4(),
    values.map((value) => ({ input: dottedQuad(value), expected: value, why: 'parseIPv4 must undo formatIPv4' })),
    { rule: PARSE_RULE, sent, hint: UNSIGNED_HINT },
  );
});

test('refuses numbers that are not integers from 0 to 2³² − 1', () => {
  const cases: Refused<number>[] = [
    { input: -1, why: 'addresses are not negative' },
    { input: -(2 ** 31), why: 'addresses are not negative' },
    { input: 2 ** 32, why: '2³² is one past 255.255.255.255' },
    { input: 2 ** 32 + 1, why: 'it is above 2³² − 1' },
    { input: 2 ** 53, why: 'it is far above 2³² − 1' },
    { input: Number.MAX_VALUE, why: 'it is far above 2³² − 1' },
    { input: 1.5, why: 'it is not an integer' },
    { input: 0.5, why: 'it is not an integer' },
    { input: -0.5, why: 'it is not an integer' },
    { input: 2 ** 32 - 0.5, why: 'it is not an integer' },
    { input: Number.NaN, why: 'NaN is not a number of an address' },
    { input: Number.POSITIVE_INFINITY, why: 'Infinity is not an integer' },
    { input: Number.NEGATIVE_INFINITY, why: '-Infinity is not an integer' },
  ];
  expectRangeErrors('formatIPv4', formatIPv4(), cases, {
    rule: 'formatIPv4 throws a RangeError for anything but an integer from 0 to 2³² − 1',
    hint: 'Check first, then convert: `>>> 0` quietly turns -1 into 4294967295 and 1.5 into 1. Number.isInteger helps.',
  });
});
