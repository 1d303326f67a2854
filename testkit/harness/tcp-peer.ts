/**
 * A TCP peer that behaves like a real, unkind network: it splits and merges
 * writes, pauses between pieces, half-closes, resets, reads slowly. It
 * records everything it sends and receives in the test's wire trace. The
 * same class wraps a socket the test accepted, so hostile *servers* for
 * client exercises use the same moves.
 */
import net from 'node:net';
import { onCleanup } from '../cleanup.ts';
import { LOOPBACK } from '../tcp.ts';
import { trace } from './trace-recorder.ts';

export { LOOPBACK };
/** The lane of the learner's side in traces. */
export const YOUR_SERVER = 'your server';
export const YOUR_CLIENT = 'your client';

export interface PeerOptions {
  /**
   * Keep this peer's moves out of the wire trace. For crowds: a test with
   * dozens of connections draws a few of them, not one lane per connection.
   */
  quiet?: boolean;
}

export interface ReadResult {
  data: Buffer;
  /** The other side ended its sending side (FIN). */
  ended: boolean;
  /** The connection failed (ECONNRESET, …). */
  error?: Error;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A failed connection attempt; `code` is the system's (ECONNREFUSED, …) or WAIT_TIMEOUT. */
export class ConnectError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectError';
  }
}

export class TcpPeer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private waiters: Array<() => void> = [];
  private endedByOther = false;
  private failure: Error | undefined;
  private readonly quiet: boolean;

  constructor(
    readonly socket: net.Socket,
    /** This peer's lane name, e.g. "client 3". */
    readonly name: string,
    /** The lane of the other end, e.g. "your server". */
    readonly other: string,
    options: PeerOptions = {},
  ) {
    this.quiet = options.quiet ?? false;
    // Nagle's algorithm would hold a small write back until the previous one
    // is acknowledged, merging pieces the test wrote apart (and waiting out
    // the other side's 40 ms delayed ACK): the harness decides the cuts.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      this.record('data', other, name, chunk);
      this.wake();
    });
    socket.on('end', () => {
      this.endedByOther = true;
      this.record('fin', other, name);
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.failure = error;
      this.record(error.code === 'ECONNRESET' ? 'rst' : 'note', other, name, undefined, error.code ?? error.message);
      this.wake();
    });
    socket.on('close', () => this.wake());
  }

  /**
   * Connect to the learner's server; the connection is destroyed after the
   * test. A failed attempt rejects with a ConnectError carrying the system's
   * code, so a test can tell ECONNREFUSED from a timeout.
   */
  static async connect(
    port: number,
    options: { name?: string; host?: string; other?: string; timeoutMs?: number } & PeerOptions = {},
  ): Promise<TcpPeer> {
    const { name = 'client', host = LOOPBACK, other = YOUR_SERVER, timeoutMs = 2_000, quiet = false } = options;
    const socket = net.connect({ port, host });
    onCleanup(() => socket.destroy());
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new ConnectError(`Could not connect to ${host}:${port} within ${timeoutMs} ms: is the server listening?`, 'WAIT_TIMEOUT')),
          timeoutMs,
        );
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          const code = error.code ?? 'ERROR';
          reject(new ConnectError(`Could not connect to ${host}:${port}: ${error.code ?? error.message}`, code, { cause: error }));
        });
      });
    } catch (error) {
      if (!quiet) trace().record('note', name, undefined, undefined, `cannot connect: ${(error as ConnectError).code}`);
      throw error;
    }
    if (!quiet) trace().record('connect', name, other);
    const peer = new TcpPeer(socket, name, other, { quiet });
    // Writing to a connection the learner's code already closed must be judged by what came back, not crash the run.
    socket.on('error', () => undefined);
    return peer;
  }

  private record(...event: Parameters<ReturnType<typeof trace>['record']>): void {
    if (!this.quiet) trace().record(...event);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Everything received so far. */
  get received(): Buffer {
    // Joined once and kept joined: a bulk read wakes its waiter once per
    // chunk, and concatenating every chunk again each time is quadratic.
    if (this.chunks.length !== 1) this.chunks.splice(0, this.chunks.length, Buffer.concat(this.chunks, this.size));
    return this.chunks[0]!;
  }

  get ended(): boolean {
    return this.endedByOther;
  }

  /** Write one buffer in one write call (several messages merged into one, if that is what it holds). */
  write(data: Buffer | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.record('data', this.name, this.other, bytes);
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Write pieces one by one with `gapMs` between them, so each leaves as its own segment. */
  async writePieces(pieces: readonly Buffer[], gapMs = 2): Promise<void> {
    for (const piece of pieces) {
      await this.write(piece);
      if (gapMs > 0) await wait(gapMs);
    }
  }

  /** Queue every piece at once, as fast as the socket takes them (for large payloads). */
  writeAll(pieces: readonly Buffer[]): void {
    for (const piece of pieces) {
      this.record('data', this.name, this.other, piece);
      this.socket.write(piece);
    }
  }

  /** Half-close: send FIN, keep reading. */
  end(): void {
    this.record('fin', this.name, this.other);
    this.socket.end();
  }

  /** Abort the connection with RST, as a crashed or impatient peer does. */
  reset(): void {
    this.record('rst', this.name, this.other);
    this.socket.resetAndDestroy();
  }

  /** Stop reading (the kernel buffers fill and the other side meets backpressure). */
  pauseReading(): void {
    this.record('note', this.name, undefined, undefined, 'stops reading');
    this.socket.pause();
  }

  resumeReading(): void {
    this.record('note', this.name, undefined, undefined, 'reads again');
    this.socket.resume();
  }

  /**
   * Wait until `done(received)` holds, the other side ends or fails, or
   * `timeoutMs` passes. Never rejects: the caller judges what came back.
   */
  readUntil(done: (received: Buffer) => boolean, timeoutMs = 2_000): Promise<ReadResult> {
    return this.waitFor(() => done(this.received), timeoutMs);
  }

  /** Read until `length` bytes arrived (or the deadline, the end, a failure). */
  readBytes(length: number, timeoutMs?: number): Promise<ReadResult> {
    // Judged by the count alone, so megabytes arriving in 64 KiB chunks are not joined at every chunk.
    return this.waitFor(() => this.size >= length, timeoutMs);
  }

  /** Read until the other side ends the connection (or the deadline, a failure). */
  readToEnd(timeoutMs?: number): Promise<ReadResult> {
    return this.waitFor(() => false, timeoutMs);
  }

  private async waitFor(done: () => boolean, timeoutMs = 2_000): Promise<ReadResult> {
    const deadline = performance.now() + timeoutMs;
    while (!done() && !this.endedByOther && !this.failure && !this.socket.destroyed) {
      const left = deadline - performance.now();
      if (left <= 0) {
        this.record('timeout', this.name, undefined, undefined, `waited ${timeoutMs} ms`);
        break;
      }
      await new Promise<void>((resolve) => {
        const waiter = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          // Leave no stale waiter behind to be called by a later chunk.
          const index = this.waiters.indexOf(waiter);
          if (index !== -1) this.waiters.splice(index, 1);
          resolve();
        }, left);
        this.waiters.push(waiter);
      });
    }
    return { data: this.received, ended: this.endedByOther, error: this.failure };
  }
}

/** Accept connections on a test server as TcpPeers (for hostile servers that client exercises talk to). */
export function acceptPeers(server: net.Server, onPeer: (peer: TcpPeer, index: number) => void, name = 'test server'): void {
  let count = 0;
  server.on('connection', (socket: net.Socket) => {
    count += 1;
    socket.on('error', () => undefined);
    onCleanup(() => socket.destroy());
    const lane = count === 1 ? name : `${name} #${count}`;
    trace().record('connect', YOUR_CLIENT, lane);
    onPeer(new TcpPeer(socket, lane, YOUR_CLIENT), count);
  });
}
