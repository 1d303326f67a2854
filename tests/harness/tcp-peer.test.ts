/**
 * TcpPeer against a tiny real echo server on loopback: what the peer does to
 * the connection (pieces, half-close, reset, not reading) must be what the
 * server really sees, and its reads must never reject.
 */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { onCleanup, runCleanup } from '../../testkit/cleanup.ts';
import { splitInsideCharacters } from '../../testkit/harness/split.ts';
import { acceptPeers, TcpPeer } from '../../testkit/harness/tcp-peer.ts';
import { startTrace, type TraceRecorder } from '../../testkit/harness/trace-recorder.ts';
import { createRandom } from '../../testkit/seed.ts';

let recorder: TraceRecorder;
beforeEach(() => {
  recorder = startTrace();
});
afterEach(runCleanup);

interface ServerSide {
  socket: net.Socket;
  received: () => Buffer;
  /** Resolves when the client's FIN arrives, with the bytes received before it. */
  fin: Promise<Buffer>;
  /** Resolves with the first error on the server's side of the connection. */
  failure: Promise<NodeJS.ErrnoException>;
}

/**
 * A real echo server. `allowHalfOpen` keeps its side open after the client's
 * FIN, so it can still answer, as the tcp-echo contract asks. With
 * `echo: false` it only listens (for the backpressure test, which writes itself).
 */
async function startServer({ echo = true } = {}): Promise<{ port: number; next: Promise<ServerSide> }> {
  let accept!: (side: ServerSide) => void;
  const next = new Promise<ServerSide>((resolve) => (accept = resolve));
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (echo) socket.write(chunk);
    });
    const fin = new Promise<Buffer>((resolve) =>
      socket.once('end', () => {
        const before = Buffer.concat(chunks);
        // Still able to write after the FIN: say so, then close our side.
        socket.end(`server saw FIN after ${before.length} bytes`);
        resolve(before);
      }),
    );
    const failure = new Promise<NodeJS.ErrnoException>((resolve) => socket.once('error', resolve));
    accept({ socket, received: () => Buffer.concat(chunks), fin, failure });
  });
  const open = new Set<net.Socket>();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as net.AddressInfo).port, next };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref())]);
}

describe('TcpPeer', () => {
  test('writePieces: pieces cut inside characters arrive complete and in order', async () => {
    const { port, next } = await startServer();
    const peer = await TcpPeer.connect(port, { name: 'alice' });
    const side = await next;
    const payload = Buffer.from('Grüße 你好 👋 — '.repeat(20));
    const pieces = splitInsideCharacters(createRandom(5), payload);
    expect(pieces.length).toBeGreaterThan(10);
    await peer.writePieces(pieces, 0);
    const echoed = await peer.readBytes(payload.length, 2_000);
    expect(side.received().equals(payload)).toBe(true);
    expect(echoed.data.equals(payload)).toBe(true);
    // One trace arrow per piece written.
    const sent = recorder.toTrace().events.filter((e) => e.kind === 'data' && e.from === 'alice');
    expect(sent).toHaveLength(pieces.length);
  });

  test('end(): the server sees a FIN, and the peer still reads what the server sends after it', async () => {
    const { port, next } = await startServer();
    const peer = await TcpPeer.connect(port, { name: 'alice' });
    const side = await next;
    await peer.write('last words');
    peer.end();
    const beforeFin = await within(side.fin, 2_000, 'FIN at the server');
    expect(beforeFin.toString()).toBe('last words');
    const result = await peer.readToEnd(2_000);
    expect(result.data.toString()).toBe('last wordsserver saw FIN after 10 bytes');
    expect(result.ended).toBe(true);
    expect(result.error).toBeUndefined();
    const kinds = recorder.toTrace().events.map((e) => `${e.kind} ${e.from}`);
    expect(kinds).toContain('fin alice');
    expect(kinds).toContain('fin your server');
  });

  test('reset(): the server sees ECONNRESET, not a clean end', async () => {
    const { port, next } = await startServer();
    const peer = await TcpPeer.connect(port, { name: 'alice' });
    const side = await next;
    await peer.write('ping');
    await peer.readBytes(4, 1_000);
    peer.reset();
    const error = await within(side.failure, 2_000, 'error at the server');
    expect(error.code).toBe('ECONNRESET');
    expect(recorder.toTrace().events.some((e) => e.kind === 'rst' && e.from === 'alice')).toBe(true);
  });

  test('pauseReading(): the server meets backpressure (write() returns false); resumeReading() lets it drain', async () => {
    const { port, next } = await startServer({ echo: false });
    const peer = await TcpPeer.connect(port, { name: 'slow reader' });
    const side = await next;
    peer.pauseReading();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const limit = 64 * 1024 * 1024;
    let written = 0;
    let accepted = true;
    // One chunk per turn of the event loop, so a peer that does read gets every chance to keep up.
    while (accepted && written < limit) {
      accepted = side.socket.write(chunk);
      written += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(accepted, `write() still returned true after ${written} bytes to a peer that stopped reading`).toBe(false);
    const drained = new Promise<void>((resolve) => side.socket.once('drain', () => resolve()));
    peer.resumeReading();
    await within(drained, 5_000, "'drain' at the server");
    const result = await peer.readBytes(written, 5_000);
    expect(result.data.length).toBe(written);
  });

  test('pauseReading() is what causes the backpressure: a reading peer keeps up with the same writes', async () => {
    // The control for the test above: without the pause, the same writes never fill the buffers.
    const { port, next } = await startServer({ echo: false });
    const peer = await TcpPeer.connect(port, { name: 'fast reader', quiet: true });
    const side = await next;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let refused = 0;
    for (let i = 0; i < 64; i++) {
      if (!side.socket.write(chunk)) refused += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(refused).toBe(0);
    expect((await peer.readBytes(64 * chunk.length, 5_000)).data.length).toBe(64 * chunk.length);
  });

  test('readUntil never rejects: a silent server gives a timeout in the trace and what came so far', async () => {
    const { port } = await startServer({ echo: false });
    const peer = await TcpPeer.connect(port, { name: 'alice' });
    const started = performance.now();
    const result = await peer.readUntil((received) => received.length > 0, 60);
    const waited = performance.now() - started;
    expect(result).toEqual({ data: Buffer.alloc(0), ended: false, error: undefined });
    expect(waited).toBeGreaterThanOrEqual(55);
    expect(waited).toBeLessThan(1_000);
    const timeouts = recorder.toTrace().events.filter((e) => e.kind === 'timeout');
    expect(timeouts).toEqual([expect.objectContaining({ from: 'alice', label: 'waited 60 ms' })]);
  });

  test('readUntil resolves as soon as its condition holds, with no timeout recorded', async () => {
    const { port } = await startServer();
    const peer = await TcpPeer.connect(port, { name: 'alice' });
    await peer.write('hello\n');
    const started = performance.now();
    const result = await peer.readUntil((received) => received.includes('\n'), 2_000);
    expect(result.data.toString()).toBe('hello\n');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(recorder.toTrace().events.some((e) => e.kind === 'timeout')).toBe(false);
  });
});

describe('hostile servers for client exercises (acceptPeers)', () => {
  test('answer slowly and in pieces, then reset: the client sees exactly that, and the trace names each move', async () => {
    const server = net.createServer();
    onCleanup(() => server.close());
    acceptPeers(server, (peer) => {
      void (async () => {
        await peer.writePieces([Buffer.from('OK 5\n'), Buffer.from('he'), Buffer.from('llo')], 20);
        peer.reset();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    const chunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => client.once('error', resolve));
    expect(error.code).toBe('ECONNRESET');
    expect(Buffer.concat(chunks).toString()).toBe('OK 5\nhello');
    // With 20 ms between pieces the client reads them separately, as a slow server's would be.
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const kinds = recorder.toTrace().events.map((e) => `${e.kind}:${e.from}->${e.to ?? ''}`);
    expect(kinds).toEqual([
      'connect:your client->test server',
      'data:test server->your client',
      'data:test server->your client',
      'data:test server->your client',
      'rst:test server->your client',
    ]);
  });

  test('accepted connections are destroyed by the test’s cleanup', async () => {
    const server = net.createServer();
    let accepted: net.Socket | undefined;
    acceptPeers(server, (peer) => (accepted = peer.socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('connect', resolve));
    await expect.poll(() => accepted !== undefined).toBe(true);
    await runCleanup();
    expect(accepted!.destroyed).toBe(true);
    client.destroy();
    server.close();
  });
});
