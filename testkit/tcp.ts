/** Small TCP peers for hidden tests: real loopback sockets, never mocks. */
import net from 'node:net';
import { withTimeout } from './timing.ts';

export const LOOPBACK = '127.0.0.1';

/** The port a learner's server or socket is bound to, with a clear error when it is not bound. */
export function boundPort(server: { address(): net.AddressInfo | string | null }): number {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The returned server is not bound to a TCP/UDP port: did you resolve before it was listening?');
  }
  return address.port;
}

export function connect(port: number, host = LOOPBACK, timeoutMs = 2_000): Promise<net.Socket> {
  const socket = net.connect({ port, host });
  return withTimeout(
    new Promise<net.Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    }),
    timeoutMs,
    `a TCP connection to ${host}:${port}`,
  ).catch((error: unknown) => {
    socket.destroy();
    throw error;
  });
}

export interface Collected {
  data: Buffer;
  /** True when the peer ended its side (FIN) before the deadline. */
  ended: boolean;
  /** Set when the connection failed (e.g. ECONNRESET). */
  error?: Error;
}

/**
 * Read everything until the peer ends the connection or `timeoutMs` passes.
 * Never rejects: the caller decides what a missing end means for the task.
 */
export function collectUntilEnd(socket: net.Socket, timeoutMs = 2_000): Promise<Collected> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (ended: boolean, error?: Error) => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve({ data: Buffer.concat(chunks), ended, error });
    };
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', onData);
    socket.once('end', () => finish(true));
    socket.once('error', (error) => finish(false, error));
  });
}

/** Read until at least `length` bytes arrived (or the deadline passes; then whatever came). */
export function collectBytes(socket: net.Socket, length: number, timeoutMs = 2_000): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= length) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('error', finish);
  });
}

/** Write pieces one by one, waiting `gapMs` between them, so they arrive as separate TCP segments. */
export async function writeInPieces(socket: net.Socket, pieces: readonly Buffer[], gapMs = 5): Promise<void> {
  for (const piece of pieces) {
    await new Promise<void>((resolve, reject) => socket.write(piece, (error) => (error ? reject(error) : resolve())));
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}
