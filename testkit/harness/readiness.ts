/**
 * Waiting for a learner's program to be ready without sleeping a fixed time:
 * try, and try again a little later, until it answers or the deadline says
 * it never will.
 */
import dgram from 'node:dgram';
import net, { isIPv6 } from 'node:net';
import { LOOPBACK } from './tcp-peer.ts';

export class NotReadyError extends Error {
  readonly code = 'NOT_READY';
}

/** Retry delays: quick at first (most programs start in tens of ms), then gentler. */
function* backoff(): Generator<number> {
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) yield delay;
}

/** One attempt, never longer than `timeoutMs`: a connection that hangs (a full backlog) must not outlast the deadline. */
function tryConnect(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), Math.max(1, timeoutMs));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Resolve once something accepts TCP connections on host:port. */
export async function waitUntilListening(port: number, { host = LOOPBACK, timeoutMs = 5_000, what = 'your program' } = {}): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (const delay of backoff()) {
    if (await tryConnect(port, host, deadline - performance.now())) return;
    const left = deadline - performance.now();
    if (left <= 0) break;
    // The last pause is cut to the time left, so the last attempt falls on the
    // deadline instead of giving up a whole pause before it.
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
  }
  throw new NotReadyError(`${what} was not accepting TCP connections on ${host}:${port} after ${timeoutMs} ms. Does it call listen() with the port it was given?`);
}

/** Resolve with the first reply once something answers `probe` on host:port over UDP. */
export async function waitUntilAnswering(
  port: number,
  probe: Buffer,
  { host = LOOPBACK, timeoutMs = 5_000, what = 'your program' } = {},
): Promise<Buffer> {
  const socket = dgram.createSocket(isIPv6(host) ? 'udp6' : 'udp4');
  // A failed send (an oversized probe, say) must end in the NotReadyError below, not crash the test run.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, isIPv6(host) ? '::1' : LOOPBACK, () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = new Promise<Buffer>((resolve) => socket.once('message', (data) => resolve(data)));
    const deadline = performance.now() + timeoutMs;
    for (const delay of backoff()) {
      socket.send(probe, port, host);
      // Each wait is cut to the time left, so the deadline holds; and its timer
      // is cleared, so no stray timer outlives the call (the hygiene report
      // would blame it on the learner's code).
      const wait = Math.max(0, Math.min(delay * 4, deadline - performance.now()));
      const answered = await Promise.race([reply, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), wait)))]);
      clearTimeout(timer);
      if (answered) return answered;
      if (performance.now() >= deadline) break;
    }
    throw new NotReadyError(`${what} did not answer a UDP datagram on ${host}:${port} within ${timeoutMs} ms. Is it bound to that port?`);
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}
