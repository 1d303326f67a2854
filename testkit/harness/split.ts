/**
 * Ways to cut a payload into writes, the way real networks cut streams:
 * at given offsets, at seeded random offsets, or right inside multi-byte
 * UTF-8 characters, where decoding each chunk on its own goes wrong.
 */
import type { Random } from '../seed.ts';

/** Cut `data` at the given byte offsets (sorted, deduplicated, out-of-range ignored). */
export function splitAt(data: Buffer, offsets: readonly number[]): Buffer[] {
  const cuts = [...new Set(offsets)].filter((o) => o > 0 && o < data.length).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of cuts) {
    pieces.push(data.subarray(start, cut));
    start = cut;
  }
  pieces.push(data.subarray(start));
  return pieces;
}

/** Cut `data` into pieces of random sizes between `min` and `max` bytes (the last may be shorter). */
export function randomPieces(random: Random, data: Buffer, { min = 1, max = 16 }: { min?: number; max?: number } = {}): Buffer[] {
  // A size of 0 would never move the offset on: with max 0 the loop below would not end.
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new RangeError(`randomPieces needs integer sizes with 1 <= min <= max, got min ${min}, max ${max}`);
  }
  const offsets: number[] = [];
  for (let offset = random.int(min, max); offset < data.length; offset += random.int(min, max)) offsets.push(offset);
  return splitAt(data, offsets);
}

/** Offsets that fall inside a multi-byte UTF-8 character (after its first byte, before its last). */
export function offsetsInsideCharacters(data: Buffer): number[] {
  const inside: number[] = [];
  for (let i = 0; i < data.length; i++) {
    // Continuation bytes look like 10xxxxxx: cutting before one splits a character.
    if ((data[i]! & 0xc0) === 0x80) inside.push(i);
  }
  return inside;
}

/** Cut text so that every multi-byte character is split across two pieces (plus random cuts elsewhere). */
export function splitInsideCharacters(random: Random, data: Buffer): Buffer[] {
  const inside = offsetsInsideCharacters(data);
  const extra = data.length > 2 ? [random.int(1, data.length - 1)] : [];
  // One cut inside each character that has a continuation byte: take the first continuation byte of each.
  const firsts = inside.filter((offset) => (data[offset - 1]! & 0xc0) !== 0x80);
  return splitAt(data, [...firsts, ...extra]);
}

/** Join several messages into one buffer, to be sent in a single write. */
export function merge(messages: readonly (Buffer | string)[]): Buffer {
  return Buffer.concat(messages.map((m) => (typeof m === 'string' ? Buffer.from(m) : m)));
}
