/**
 * Everything a test opens (the learner's server, the harness's sockets and
 * programs) is closed after the test, pass or fail, so one failing test
 * cannot leak a listening port into the next. testkit/setup.ts runs the
 * closers after every test; anything may register one.
 */
type Closer = () => unknown;

const closers: Closer[] = [];

/** Close this after the current test. */
export function onCleanup(closer: Closer): void {
  closers.push(closer);
}

/** Run every registered closer, newest first. */
export async function runCleanup(): Promise<void> {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch {
      // A socket the learner already closed throws on a second close: that is fine here.
    }
  }
}

/** For test files: the function that registers closers. */
export function useCleanup(): (closer: Closer) => void {
  return onCleanup;
}
