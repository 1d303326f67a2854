/**
 * Hidden tests of `udp-echo`: a real UDP echo server on loopback, talked to by
 * real dgram sockets (testkit/udp.ts). Each test names the rule of the task
 * it checks, so a failure tells the learner what to fix.
 */
import type dgram from 'node:dgram';
import { describe, test } from 'vitest';
import { useCleanup } from '../../../testkit/cleanup.ts';
import { ContractError, describe as describeValue, expectSameBytes, previewBytes } from '../../../testkit/explain.ts';
import { createRandom } from '../../../testkit/seed.ts';
import { exported, useSolution } from '../../../testkit/solution.ts';
import { LOOPBACK } from '../../../testkit/tcp.ts';
import { createUdpPeer, type UdpPeer } from '../../../testkit/udp.ts';

type Solution = typeof import('../solution/solution.ts');
type StartUdpEchoServer = Solution['startUdpEchoServer'];

const solution = useSolution<Solution>();
const cleanup = useCleanup();

/** How long a reply may take on loopback before we call it missing (replies normally take well under 1 ms). */
const REPLY_WAIT_MS = 1_000;
/** After the expected replies, how long to keep listening for extra ones (duplicates, other peers' replies). */
const STRAY_WAIT_MS = 50;
/** After closing, how long the test listens to make sure nothing answers any more. */
const SILENCE_WAIT_MS = 300;
/** Far above the seeds' recvfrom(1024), yet below the smallest common datagram limit (9216 bytes on macOS). */
const LARGE_DATAGRAM_BYTES = 8 * 1024;

const RULES = {
  bound: 'startUdpEchoServer() resolves with the socket once it is bound: port 0 lets the OS pick, the host defaults to 127.0.0.1',
  echo: 'each datagram goes back unchanged, byte for byte, to the address and port it came from',
  empty: 'an empty datagram is a datagram too: it gets an empty datagram back',
  large: 'a datagram goes back whole, however large (no fixed 1024-byte buffer)',
  peers: 'each reply goes to the port its datagram came from, so every peer gets its own replies and no one else’s',
  many: 'every datagram gets exactly one reply: none missing, none twice',
  port: 'startUdpEchoServer(port, host) binds the port it is given',
  close: 'closing the returned socket stops the service',
  range: 'a port that is not an integer from 0 to 65535 is refused with a RangeError (thrown, or as a rejected promise)',
} as const;

function startFunction(): StartUdpEchoServer {
  return exported<StartUdpEchoServer>(solution() as unknown as Record<string, unknown>, 'startUdpEchoServer');
}

/** The learner's socket and the port it is bound to. */
interface Server {
  socket: dgram.Socket;
  port: number;
}

/** Call the learner's function, close whatever it returns after the test, and insist that the socket is bound. */
async function startServer(...args: Parameters<StartUdpEchoServer>): Promise<Server> {
  const call = `startUdpEchoServer(${args.map(formatArgument).join(', ')})`;
  const socket: unknown = await startFunction()(...args);
  if (!isSocketLike(socket)) {
    throw new ContractError({
      rule: RULES.bound,
      sent: `awaited ${call}`,
      expected: 'the dgram.Socket your function created',
      received: describeValue(socket),
    });
  }
  cleanup(() => socket.close());
  let address: ReturnType<dgram.Socket['address']>;
  try {
    address = socket.address();
  } catch (error) {
    throw new ContractError({
      rule: RULES.bound,
      sent: `awaited ${call}, then called address() on the socket`,
      expected: 'the address the socket is bound to',
      received: `address() threw ${describeValue(error)}`,
      hint: "the promise settled before the socket was bound: resolve from bind()'s callback or the 'listening' event.",
    });
  }
  return { socket, port: address.port };
}

/** Arguments as the learner would write them (JSON would print NaN as null). */
function formatArgument(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function isSocketLike(value: unknown): value is dgram.Socket {
  const candidate = value as Partial<Record<'address' | 'close' | 'send', unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.address === 'function' &&
    typeof candidate.close === 'function' &&
    typeof candidate.send === 'function'
  );
}

async function newPeer(): Promise<UdpPeer> {
  const peer = await createUdpPeer(LOOPBACK);
  cleanup(() => peer.close());
  return peer;
}

/** Send one datagram and expect exactly the same bytes back. */
async function expectEcho(peer: UdpPeer, port: number, payload: Buffer, rule: string, what: string): Promise<void> {
  const sent = `${what} from 127.0.0.1:${peer.port} to 127.0.0.1:${port}: ${previewBytes(payload)}`;
  await peer.send(payload, port);
  const reply = await peer.next(REPLY_WAIT_MS);
  if (reply === null) {
    throw new ContractError({
      rule,
      sent,
      expected: `the same ${payload.length} byte(s) back at 127.0.0.1:${peer.port}`,
      received: `nothing within ${REPLY_WAIT_MS} ms`,
      hint:
        payload.length === 0
          ? "does your 'message' handler skip empty Buffers? An empty datagram must be echoed too."
          : "reply with socket.send(msg, rinfo.port, rinfo.address) from the 'message' handler.",
    });
  }
  expectSameBytes(reply.data, payload, { rule, sent, hint: differenceHint(reply.data, payload) });
}

/**
 * Everything that reaches `peer` until `count` datagrams arrived (or the wait
 * runs out), plus any stray datagram in the short moment after.
 */
async function receiveAll(peer: UdpPeer, count: number): Promise<Buffer[]> {
  const received: Buffer[] = [];
  const deadline = Date.now() + REPLY_WAIT_MS;
  while (received.length < count) {
    const datagram = await peer.next(Math.max(0, deadline - Date.now()));
    if (datagram === null) return received;
    received.push(datagram.data);
  }
  for (let datagram = await peer.next(STRAY_WAIT_MS); datagram; datagram = await peer.next(STRAY_WAIT_MS)) {
    received.push(datagram.data);
    // A server that keeps sending (an echo loop) must not keep the test busy forever.
    if (received.length > count * 4) break;
  }
  return received;
}

/**
 * Compare replies with what was sent as a multiset: UDP does not promise
 * order (loopback keeps it in practice), but it must be every datagram,
 * once each, unchanged.
 */
function expectSameDatagrams(received: Buffer[], expected: Buffer[], context: { rule: string; sent: string }): void {
  const remaining = new Map<string, number>();
  for (const datagram of expected) remaining.set(datagram.toString('hex'), (remaining.get(datagram.toString('hex')) ?? 0) + 1);
  const extra: Buffer[] = [];
  for (const datagram of received) {
    const key = datagram.toString('hex');
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else extra.push(datagram);
  }
  const missing = expected.filter((datagram) => {
    const key = datagram.toString('hex');
    const left = remaining.get(key) ?? 0;
    if (left === 0) return false;
    remaining.set(key, left - 1);
    return true;
  });
  if (missing.length === 0 && extra.length === 0) return;
  const list = (datagrams: Buffer[]) =>
    datagrams
      .slice(0, 3)
      .map((d) => previewBytes(d, 24))
      .join(', ') + (datagrams.length > 3 ? `, … (${datagrams.length - 3} more)` : '');
  const problems = [
    missing.length ? `${missing.length} sent datagram(s) got no identical reply (${list(missing)})` : '',
    extra.length ? `${extra.length} reply(ies) match nothing this socket sent (${list(extra)})` : '',
  ].filter(Boolean);
  throw new ContractError({
    rule: context.rule,
    sent: context.sent,
    expected: `${expected.length} replies, one per datagram sent, each unchanged`,
    received: `${received.length} replies: ${problems.join('; ')}`,
    hint:
      received.length === expected.length
        ? 'every datagram got a reply, but some came back changed: send the Buffer you received as it is, whole and unconverted.'
        : 'replies that are missing or belong to another peer usually mean the reply did not go to rinfo.port of that very datagram.',
  });
}

/** What most likely went wrong when a reply differs from what was sent. */
function differenceHint(reply: Buffer, payload: Buffer): string {
  if (reply.length < payload.length && payload.subarray(0, reply.length).equals(reply)) {
    return `the reply is cut after ${reply.length} bytes: dgram hands you the whole datagram as one Buffer, so do not copy it into a fixed-size buffer or slice it (the Python recvfrom(1024) habit).`;
  }
  return 'send the Buffer you received as it is: converting it to a string and back changes bytes that are not valid UTF-8.';
}

/** A port that was free a moment ago: bind port 0, note the port, release it. */
async function freePort(): Promise<number> {
  const probe = await createUdpPeer(LOOPBACK);
  const { port } = probe;
  await new Promise<void>((resolve) => probe.socket.close(() => resolve()));
  return port;
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

describe('startUdpEchoServer', () => {
  test('resolves with a socket already bound to 127.0.0.1 on a free port', async () => {
    const { socket, port } = await startServer();
    const address = socket.address();
    if (port <= 0 || address.address !== LOOPBACK) {
      throw new ContractError({
        rule: RULES.bound,
        sent: 'awaited startUdpEchoServer() with no arguments, then called address()',
        expected: 'address 127.0.0.1 and a port the OS picked (greater than 0)',
        received: describeValue(address),
      });
    }
  });

  test('echoes a text message unchanged', async () => {
    const { port } = await startServer();
    const peer = await newPeer();
    await expectEcho(peer, port, Buffer.from('Hello, UDP! Grüße, 你好 👋\n'), RULES.echo, 'a UTF-8 text datagram');
  });

  test('echoes binary data byte for byte, all 256 byte values included', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const peer = await newPeer();
    // Every byte value once, shuffled, then random noise: 0x00, lone 0x80–0xff
    // and broken UTF-8 sequences are exactly what a string round trip damages.
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (let i = everyByte.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [everyByte[i], everyByte[j]] = [everyByte[j]!, everyByte[i]!];
    }
    const payload = Buffer.concat([everyByte, random.bytes(random.int(64, 512))]);
    await expectEcho(peer, port, payload, RULES.echo, `a binary datagram (seed ${random.seed})`);
  });

  test('echoes an empty datagram with an empty datagram', async () => {
    const { port } = await startServer();
    const peer = await newPeer();
    await expectEcho(peer, port, Buffer.alloc(0), RULES.empty, 'an empty datagram');
  });

  test('echoes a large datagram (8 KiB) whole', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const peer = await newPeer();
    const payload = random.bytes(LARGE_DATAGRAM_BYTES);
    await expectEcho(peer, port, payload, RULES.large, `one ${LARGE_DATAGRAM_BYTES}-byte datagram (seed ${random.seed})`);
  });

  test('answers several peers at once, each with only its own replies', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const peers = await Promise.all([newPeer(), newPeer(), newPeer(), newPeer()]);
    const perPeer = 3;
    const payloads = peers.map((peer, p) =>
      Array.from({ length: perPeer }, (_, m) =>
        Buffer.concat([Buffer.from(`peer ${p + 1} (port ${peer.port}), message ${m + 1}: `), random.bytes(random.int(0, 48))]),
      ),
    );
    // Interleave the peers' sends so the server sees them mixed, as it would in real life.
    for (let m = 0; m < perPeer; m++) {
      await Promise.all(peers.map((peer, p) => peer.send(payloads[p]![m]!, port)));
    }
    const replies = await Promise.all(peers.map((peer) => receiveAll(peer, perPeer)));
    peers.forEach((peer, p) =>
      expectSameDatagrams(replies[p]!, payloads[p]!, {
        rule: RULES.peers,
        sent: `${perPeer} datagrams from each of ${peers.length} sockets (ports ${peers.map((x) => x.port).join(', ')}); checking the one on port ${peer.port}`,
      }),
    );
  });

  test('answers every datagram of a quick burst from one peer, once each', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const peer = await newPeer();
    const payloads = Array.from({ length: 20 }, (_, i) =>
      Buffer.concat([Buffer.from(`#${i + 1} `), random.bytes(random.int(0, 1200))]),
    );
    for (const payload of payloads) await peer.send(payload, port);
    const replies = await receiveAll(peer, payloads.length);
    expectSameDatagrams(replies, payloads, {
      rule: RULES.many,
      sent: `${payloads.length} datagrams of 3 to 1204 bytes in a row from port ${peer.port}, without waiting for replies (seed ${random.seed})`,
    });
  });

  test('binds the port it is given', async () => {
    // Another program may take the free port between our probe and the
    // learner's bind; that rare race is retried, not blamed on the learner.
    const attempts = 3;
    for (let attempt = 1; ; attempt++) {
      const wanted = await freePort();
      let server: Server;
      try {
        server = await startServer(wanted, LOOPBACK);
      } catch (error) {
        if (isAddressInUse(error) && attempt < attempts) continue;
        throw error;
      }
      if (server.port !== wanted) {
        throw new ContractError({
          rule: RULES.port,
          sent: `awaited startUdpEchoServer(${wanted}, '127.0.0.1'), then called address()`,
          expected: `port ${wanted}`,
          received: describeValue(server.socket.address()),
        });
      }
      const peer = await newPeer();
      await expectEcho(peer, wanted, Buffer.from('on the port I asked for?'), RULES.echo, 'a datagram');
      return;
    }
  });

  test('stops answering once the returned socket is closed', async () => {
    const { socket, port } = await startServer();
    const peer = await newPeer();
    await expectEcho(peer, port, Buffer.from('still there?'), RULES.echo, 'a datagram before closing');
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const probe = Buffer.from('anyone home?');
    await peer.send(probe, port);
    const reply = await peer.next(SILENCE_WAIT_MS);
    if (reply !== null) {
      throw new ContractError({
        rule: RULES.close,
        sent: `closed the returned socket, then sent ${previewBytes(probe)} to 127.0.0.1:${port}`,
        expected: `no reply within ${SILENCE_WAIT_MS} ms`,
        received: `${previewBytes(reply.data)} from ${reply.from.address}:${reply.from.port}`,
        hint: 'the socket you return must be the one that serves: do not keep a second socket open.',
      });
    }
  });

  test('refuses a port outside 0–65535 or not an integer with a RangeError', async () => {
    for (const port of [-1, 65_536, 1.5, Number.NaN]) {
      const call = `startUdpEchoServer(${formatArgument(port)})`;
      let outcome: string;
      try {
        const socket: unknown = await startFunction()(port);
        if (isSocketLike(socket)) cleanup(() => socket.close());
        let where = '';
        try {
          if (isSocketLike(socket)) where = ` bound to ${describeValue(socket.address())}`;
        } catch {
          // Not bound: the message below says enough without an address.
        }
        outcome = `it resolved with ${isSocketLike(socket) ? `a socket${where}` : describeValue(socket)}`;
      } catch (error) {
        const isRangeError = error instanceof RangeError || (error instanceof Error && error.name === 'RangeError');
        if (isRangeError) continue;
        outcome = `it failed with ${describeValue(error)}`;
      }
      throw new ContractError({
        rule: RULES.range,
        sent: `called ${call}`,
        expected: 'a RangeError, thrown or as the rejection',
        received: outcome,
        hint: 'dgram does not check the port for you (it turns -1 into 65535): check Number.isInteger(port) and the range first.',
      });
    }
  });
});
