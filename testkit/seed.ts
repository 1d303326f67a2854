/**
 * Every random choice a hidden test makes comes from one seeded generator, so
 * a failure can be replayed exactly: the check prints the seed and
 * `npm run check -- <id> --seed N` runs the same choices again.
 */
import { SEED_ENV, seed } from './job.ts';

export { SEED_ENV };

export function currentSeed(): number {
  return (seed() ?? 1) >>> 0;
}

/** A small, fast, well-mixed 32-bit generator (mulberry32). */
export function createRandom(seed: number = currentSeed()) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    /** A float in [0, 1). */
    next,
    /** An integer in [min, max], both included. */
    int(min: number, max: number): number {
      return min + Math.floor(next() * (max - min + 1));
    },
    /** `length` random bytes. */
    bytes(length: number): Buffer {
      const out = Buffer.alloc(length);
      for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

export type Random = ReturnType<typeof createRandom>;
