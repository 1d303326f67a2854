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

export interface ReadResult {
  data: Buffer;
  /** The other side ended its sending side (FIN). */
  ended: boolean;
  /** The connection failed (ECONNRESET, …). */
  error?: Error;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TcpPeer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private waiters: Array<() => void> = [];
  private endedByOther = false;
  private failure: Error | undefined;

  constructor(
    readonly socket: net.Socket,
    /** This peer's lane name, e.g. "client 3". */
    readonly name: string,
    /** The lane of the other end, e.g. "your server". */
    readonly other: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      trace().record('data', other, name, chunk);
      this.wake();
    });
    socket.on('end', () => {
      this.endedByOther = true;
      trace().record('fin', other, name);
      this.wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.failure = error;
      trace().record(error.code === 'ECONNRESET' ? 'rst' : 'note', other, name, undefined, error.code ?? error.message);
      this.wake();
    });
    socket.on('close', () => this.wake());
  }

  /** Connect to the learner's server; the connection is destroyed after the test. */
  static async connect(port: number, options: { name?: string; host?: string; other?: string; timeoutMs?: number } = {}): Promise<TcpPeer> {
    const { name = 'client', host = LOOPBACK, other = YOUR_SERVER, timeoutMs = 2_000 } = options;
    const socket = net.connect({ port, host });
    onCleanup(() => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Could not connect to ${host}:${port} within ${timeoutMs} ms: is the server listening?`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`Could not connect to ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
      });
    });
    trace().record('connect', name, other);
    const peer = new TcpPeer(socket, name, other);
    // Writing to a connection the learner's code already closed must be judged by what came back, not crash the run.
    socket.on('error', () => undefined);
    return peer;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Everything received so far. */
  get received(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  get ended(): boolean {
    return this.endedByOther;
  }

  /** Write one buffer in one write call (several messages merged into one, if that is what it holds). */
  write(data: Buffer | string): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    trace().record('data', this.name, this.other, bytes);
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
      trace().record('data', this.name, this.other, piece);
      this.socket.write(piece);
    }
  }

  /** Half-close: send FIN, keep reading. */
  end(): void {
    trace().record('fin', this.name, this.other);
    this.socket.end();
  }

  /** Abort the connection with RST, as a crashed or impatient peer does. */
  reset(): void {
    trace().record('rst', this.name, this.other);
    this.socket.resetAndDestroy();
  }

  /** Stop reading (the kernel buffers fill and the other side meets backpressure). */
  pauseReading(): void {
    trace().record('note', this.name, undefined, undefined, 'stops reading');
    this.socket.pause();
  }

  resumeReading(): void {
    trace().record('note', this.name, undefined, undefined, 'reads again');
    this.socket.resume();
  }

  /**
   * Wait until `done(received)` holds, the other side ends or fails, or
   * `timeoutMs` passes. Never rejects: the caller judges what came back.
   */
  async readUntil(done: (received: Buffer) => boolean, timeoutMs = 2_000): Promise<ReadResult> {
    const deadline = performance.now() + timeoutMs;
    while (!done(this.received) && !this.endedByOther && !this.failure && !this.socket.destroyed) {
      const left = deadline - performance.now();
      if (left <= 0) {
        trace().record('timeout', this.name, undefined, undefined, `waited ${timeoutMs} ms`);
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return { data: this.received, ended: this.endedByOther, error: this.failure };
  }

  /** Read until `length` bytes arrived (or the deadline, the end, a failure). */
  readBytes(length: number, timeoutMs?: number): Promise<ReadResult> {
    return this.readUntil((received) => received.length >= length, timeoutMs);
  }

  /** Read until the other side ends the connection (or the deadline, a failure). */
  readToEnd(timeoutMs?: number): Promise<ReadResult> {
    return this.readUntil(() => false, timeoutMs);
  }
}

/** Accept connections on a test server as TcpPeers (for hostile servers that client exercises talk to). */
export function acceptPeers(server: net.Server, onPeer: (peer: TcpPeer, index: number) => void, name = 'test server'): void {
  let count = 0;
  server.on('connection', (socket: net.Socket) => {
    count += 1;
    socket.on('error', () => undefined);
    trace().record('connect', YOUR_CLIENT, name);
    onPeer(new TcpPeer(socket, count === 1 ? name : `${name} #${count}`, YOUR_CLIENT), count);
  });
}
