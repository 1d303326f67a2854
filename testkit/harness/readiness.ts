/**
 * Waiting for a learner's program to be ready without sleeping a fixed time:
 * try, and try again a little later, until it answers or the deadline says
 * it never will.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { LOOPBACK } from './tcp-peer.ts';

export class NotReadyError extends Error {
  readonly code = 'NOT_READY';
}

/** Retry delays: quick at first (most programs start in tens of ms), then gentler. */
function* backoff(): Generator<number> {
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) yield delay;
}

function tryConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolve once something accepts TCP connections on host:port. */
export async function waitUntilListening(port: number, { host = LOOPBACK, timeoutMs = 5_000, what = 'your program' } = {}): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (const delay of backoff()) {
    if (await tryConnect(port, host)) return;
    if (performance.now() + delay > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new NotReadyError(`${what} was not accepting TCP connections on ${host}:${port} after ${timeoutMs} ms. Does it call listen() with the port it was given?`);
}

/** Resolve with the first reply once something answers `probe` on host:port over UDP. */
export async function waitUntilAnswering(
  port: number,
  probe: Buffer,
  { host = LOOPBACK, timeoutMs = 5_000, what = 'your program' } = {},
): Promise<Buffer> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, () => resolve()));
  try {
    const reply = new Promise<Buffer>((resolve) => socket.once('message', (data) => resolve(data)));
    const deadline = performance.now() + timeoutMs;
    for (const delay of backoff()) {
      socket.send(probe, port, host);
      const answered = await Promise.race([reply, new Promise<null>((resolve) => setTimeout(() => resolve(null), delay * 4))]);
      if (answered) return answered;
      if (performance.now() > deadline) break;
    }
    throw new NotReadyError(`${what} did not answer a UDP datagram on ${host}:${port} within ${timeoutMs} ms. Is it bound to that port?`);
  } finally {
    socket.close();
  }
}
