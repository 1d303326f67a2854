/**
 * Everything a test opens (the learner's server, its own sockets) is closed
 * after the test, pass or fail, so one failing test cannot leak a listening
 * port into the next.
 */
import { afterEach } from 'vitest';

type Closer = () => unknown;

export function useCleanup(): (closer: Closer) => void {
  const closers: Closer[] = [];
  afterEach(async () => {
    const pending = closers.splice(0).reverse();
    for (const close of pending) {
      try {
        await close();
      } catch {
        // A socket the learner already closed throws on a second close: that is fine here.
      }
    }
  });
  return (closer) => void closers.push(closer);
}
