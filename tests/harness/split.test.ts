/**
 * The splitting helpers cut payloads the way a network cuts streams. Whatever
 * the cut, the pieces must join back into the input (a helper that loses or
 * repeats a byte would make hidden tests blame learners for its own bug), and
 * the same seed must cut the same way, so `--seed N` replays a failure.
 */
import { describe, expect, test } from 'vitest';
import { offsetsInsideCharacters, randomPieces, splitAt, splitInsideCharacters } from '../../testkit/harness/split.ts';
import { createRandom } from '../../testkit/seed.ts';

const text = Buffer.from('ab€ c 你好 👋 Grüße, end');

/** Start offset and byte length of every multi-byte UTF-8 character in `data`. */
function multiByteCharacters(data: Buffer): Array<{ start: number; length: number }> {
  const found: Array<{ start: number; length: number }> = [];
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (length > 1) found.push({ start: i, length });
    i += length - 1;
  }
  return found;
}

/** Offsets where one piece ends and the next begins. */
function cuts(pieces: readonly Buffer[]): number[] {
  const result: number[] = [];
  let offset = 0;
  for (const piece of pieces.slice(0, -1)) result.push((offset += piece.length));
  return result;
}

describe('splitAt', () => {
  test('cuts at the given offsets, sorted and deduplicated, ignoring offsets outside the data', () => {
    const data = Buffer.from('0123456789');
    const pieces = splitAt(data, [7, 3, 3, 0, 10, -2, 42]);
    expect(pieces.map(String)).toEqual(['012', '3456', '789']);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
  });

  test('cuts inside a multi-byte character when told to', () => {
    const euro = text.indexOf(Buffer.from('€'));
    const pieces = splitAt(text, [euro + 1]);
    expect(Buffer.concat(pieces).equals(text)).toBe(true);
    // Decoded on its own, each half of the split character is broken.
    expect(pieces[0]!.toString('utf8')).toContain('\ufffd');
    expect(pieces[1]!.toString('utf8')).toContain('\ufffd');
  });
});

describe('randomPieces', () => {
  test('pieces join back into the input and respect the size bounds', () => {
    const random = createRandom(11);
    const data = random.bytes(1_000);
    const pieces = randomPieces(random, data, { min: 3, max: 9 });
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    expect(pieces.length).toBeGreaterThan(1_000 / 9 - 1);
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.length).toBeGreaterThanOrEqual(3);
      expect(piece.length).toBeLessThanOrEqual(9);
    }
    expect(pieces.at(-1)!.length).toBeGreaterThan(0);
  });

  test('the same seed cuts the same way; another seed cuts differently', () => {
    const data = Buffer.from('x'.repeat(500));
    const first = cuts(randomPieces(createRandom(42), data));
    const again = cuts(randomPieces(createRandom(42), data));
    const other = cuts(randomPieces(createRandom(43), data));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });
});

describe('splitInsideCharacters', () => {
  test('every multi-byte character is cut in two, and the pieces join back into the input', () => {
    const characters = multiByteCharacters(text);
    expect(characters.length).toBe(6); // €, 你, 好, 👋, ü, ß
    for (const seed of [1, 2, 3, 4, 5]) {
      const pieces = splitInsideCharacters(createRandom(seed), text);
      expect(Buffer.concat(pieces).equals(text)).toBe(true);
      const at = cuts(pieces);
      for (const { start, length } of characters) {
        const inside = at.filter((cut) => cut > start && cut < start + length);
        expect(inside.length, `a cut inside the character at byte ${start}`).toBeGreaterThan(0);
      }
    }
  });

  test('offsetsInsideCharacters lists exactly the continuation bytes', () => {
    const data = Buffer.from('a€b');
    // "€" is e2 82 ac at bytes 1–3: bytes 2 and 3 continue it.
    expect(offsetsInsideCharacters(data)).toEqual([2, 3]);
    expect(offsetsInsideCharacters(Buffer.from('plain ascii'))).toEqual([]);
  });

  test('the same seed cuts the same way', () => {
    const once = cuts(splitInsideCharacters(createRandom(9), text));
    const again = cuts(splitInsideCharacters(createRandom(9), text));
    expect(again).toEqual(once);
  });
});
