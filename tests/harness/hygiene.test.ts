/**
 * The hygiene report: after a test, what did the code under test leave open?
 * It must name a listening server, an open UDP socket and a pending timer,
 * and say nothing when everything was closed.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { beforeEach, describe, expect, test } from 'vitest';
import { leftoverResources, snapshotResources } from '../../testkit/harness/hygiene.ts';

async function openEverything() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const timer = setTimeout(() => undefined, 60_000);
  return {
    close: async () => {
      clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

/**
 * Let handles closed by an earlier test finish closing: a dgram socket's close
 * callback runs before libuv has released its handle, and a snapshot taken
 * then would count it as already there.
 */
beforeEach(async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 5));
});

describe('leftoverResources', () => {
  test('reports a listening server, an open UDP socket and a pending timer, each once', async () => {
    snapshotResources();
    const opened = await openEverything();
    try {
      const report = await leftoverResources();
      expect(report).toHaveLength(3);
      expect(report).toContainEqual('1 × a TCP server is still listening: close() every server you start');
      expect(report).toContainEqual('1 × a UDP socket is still open: close() it when you are done');
      expect(report).toContainEqual(expect.stringMatching(/^1 × a timer \(setTimeout or setInterval\) is still pending/));
    } finally {
      await opened.close();
    }
  });

  test('counts several of a kind', async () => {
    snapshotResources();
    const sockets = await Promise.all(
      [1, 2, 3].map(async () => {
        const socket = dgram.createSocket('udp4');
        await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
        return socket;
      }),
    );
    try {
      expect(await leftoverResources()).toEqual(['3 × a UDP socket is still open: close() it when you are done']);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  test('reports nothing when everything was closed (closing is asynchronous, the report waits for it)', async () => {
    snapshotResources();
    const opened = await openEverything();
    // Not awaited: the report itself must give handles that are closing the moment they need.
    void opened.close();
    expect(await leftoverResources()).toEqual([]);
  });

  test('ignores what was already open before the snapshot, and an unref()ed timer', async () => {
    const opened = await openEverything();
    try {
      snapshotResources();
      setTimeout(() => undefined, 60_000).unref();
      expect(await leftoverResources()).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
