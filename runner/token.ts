/**
 * The per-launch access token. Anyone who can reach the runner could run
 * code on this machine, so every API call and terminal needs this secret,
 * which only the person who started the runner has seen (it is printed once
 * in the launch link's #fragment, which browsers never send to servers).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export function createToken(): string {
  // 32 random bytes: unguessable, and URL- and header-safe in base64url.
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so response timing reveals nothing about the secret. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
