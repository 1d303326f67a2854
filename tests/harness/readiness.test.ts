/**
 * Waiting for a program to come up without a fixed sleep: it must resolve
 * for a program that comes up late, and give a clear, coded error — on time —
 * for one that never does.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { onCleanup, runCleanup } from '../../testkit/cleanup.ts';
import { leftoverResources, snapshotResources } from '../../testkit/harness/hygiene.ts';
import { NotReadyError, waitUntilAnswering, waitUntilListening } from '../../testkit/harness/readiness.ts';

afterEach(runCleanup);

/** A port nobody listens on: bind 0, note the port, release it. */
async function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'tcp') {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Start something on `port` after `delayMs`, as a program that takes a while to come up. */
function startLater(delayMs: number, start: () => void): void {
  const timer = setTimeout(start, delayMs);
  onCleanup(() => clearTimeout(timer));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

describe('waitUntilListening', () => {
  test('resolves once a server that starts late is listening, not before', async () => {
    const port = await freePort('tcp');
    let listeningAt = Number.POSITIVE_INFINITY;
    const server = net.createServer((socket) => socket.destroy());
    onCleanup(() => server.close());
    startLater(80, () => server.listen(port, '127.0.0.1', () => (listeningAt = performance.now())));
    await waitUntilListening(port, { timeoutMs: 3_000 });
    expect(performance.now()).toBeGreaterThanOrEqual(listeningAt);
  });

  test('rejects on time with a NotReadyError that names the port when nobody listens', async () => {
    const port = await freePort('tcp');
    const started = performance.now();
    const error = await rejection(waitUntilListening(port, { timeoutMs: 150, what: 'the chat server' }));
    const took = performance.now() - started;
    expect(error).toBeInstanceOf(NotReadyError);
    expect((error as NotReadyError).code).toBe('NOT_READY');
    expect((error as Error).message).toBe(
      `the chat server was not accepting TCP connections on 127.0.0.1:${port} after 150 ms. Does it call listen() with the port it was given?`,
    );
    expect(took).toBeGreaterThanOrEqual(100);
    expect(took).toBeLessThan(1_000);
  });
});

describe('waitUntilAnswering', () => {
  test('resolves with the first reply once a UDP service that binds late answers the probe', async () => {
    const port = await freePort('udp');
    const socket = dgram.createSocket('udp4');
    socket.on('message', (data, from) => socket.send(Buffer.concat([Buffer.from('echo: '), data]), from.port, from.address));
    onCleanup(() => socket.close());
    let boundAt = Number.POSITIVE_INFINITY;
    startLater(80, () => socket.bind(port, '127.0.0.1', () => (boundAt = performance.now())));
    const reply = await waitUntilAnswering(port, Buffer.from('ping'), { timeoutMs: 3_000 });
    expect(reply.toString()).toBe('echo: ping');
    expect(performance.now()).toBeGreaterThanOrEqual(boundAt);
  });

  test('rejects on time with a NotReadyError that names the port when nothing answers', async () => {
    const port = await freePort('udp');
    const started = performance.now();
    const error = await rejection(waitUntilAnswering(port, Buffer.from('ping'), { timeoutMs: 150, what: 'the time server' }));
    const took = performance.now() - started;
    expect(error).toBeInstanceOf(NotReadyError);
    expect((error as NotReadyError).code).toBe('NOT_READY');
    expect((error as Error).message).toBe(`the time server did not answer a UDP datagram on 127.0.0.1:${port} within 150 ms. Is it bound to that port?`);
    expect(took).toBeGreaterThanOrEqual(140);
    // The deadline holds: no attempt waits past it.
    expect(took).toBeLessThan(400);
  });

  test('leaves no timer or socket behind once it has its answer', async () => {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (data, from) => socket.send(data, from.port, from.address));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    onCleanup(() => socket.close());
    snapshotResources();
    await waitUntilAnswering(socket.address().port, Buffer.from('ping'), { timeoutMs: 2_000 });
    expect(await leftoverResources()).toEqual([]);
  });
});
