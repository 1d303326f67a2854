/**
 * Hidden tests of `udp-echo`: a real UDP echo server on loopback, talked to by
 * real dgram sockets — directly, and through a relay (testkit/harness/
 * udp-relay.ts) that behaves like a bad network: it duplicates and reorders
 * datagrams, every choice drawn from the check's seed, and gives each peer a
 * source port of its own.
 * Each test names the rule of the task it checks, so a failure tells the
 * learner what to fix.
 *
 * How a duplicating network is judged: a correct echo server answers every
 * datagram that *arrives*, so a datagram the network delivered twice is
 * answered twice — the server cannot tell a copy from a resend, and the task
 * asks for one reply per datagram. The relay keeps the books: for each peer,
 * what it handed to the server and what the server sent back to that peer's
 * port (before the network's fates on the way back, which are not the
 * server's doing). The tests compare those two, as multisets, since UDP
 * promises no order: exactly what a correct server does, and nothing else,
 * passes.
 */
import type dgram from 'node:dgram';
import { describe, test } from 'vitest';
import { useCleanup } from '../../../testkit/cleanup.ts';
import { ContractError, describe as describeValue, expectSameBytes, previewBytes } from '../../../testkit/explain.ts';
import { createUdpRelay, type LinkConditions, type RelayPath, type UdpRelay } from '../../../testkit/harness/udp-relay.ts';
import { createRandom, type Random } from '../../../testkit/seed.ts';
import { exported, useSolution } from '../../../testkit/solution.ts';
import { LOOPBACK } from '../../../testkit/tcp.ts';
import { createUdpPeer, type UdpPeer } from '../../../testkit/udp.ts';

type Solution = typeof import('../solution/solution.ts');
type StartUdpEchoServer = Solution['startUdpEchoServer'];

const solution = useSolution<Solution>();
const cleanup = useCleanup();

/** The learner's lane in the wire trace. */
const SERVER = 'your server';
/** How long a reply may take on loopback before we call it missing (replies normally take well under 1 ms). */
const REPLY_WAIT_MS = 1_000;
/** After the expected replies, how long to keep listening for extra ones (duplicates, other peers' replies). */
const STRAY_WAIT_MS = 30;
/**
 * After closing, how long the test listens to make sure nothing answers any
 * more: a reply on loopback takes well under a millisecond, so a hundred
 * times that is plenty, and the whole file stays fast.
 */
const SILENCE_WAIT_MS = 100;
/** Far above the seeds' recvfrom(1024), yet below the smallest common datagram limit (9216 bytes on macOS). */
const LARGE_DATAGRAM_BYTES = 8 * 1024;
/**
 * How long the network holds a datagram back for the next one to overtake:
 * long enough for a round of sends to overtake it, short enough that the last
 * datagram of a test does not keep the test waiting.
 */
const HOLD_MS = 20;
/** A bad but usable network, the same both ways: some datagrams arrive twice, some late. */
const ROUGH_NETWORK: LinkConditions = { duplicate: 0.3, reorder: 0.3, holdMs: HOLD_MS };
/**
 * A network that duplicates every other datagram or so on the way to the
 * server: over 24 datagrams the chance that none is duplicated is below one in
 * ten million, whatever the seed. The way back stays clean, so every reply
 * arrow in the trace is one the server really sent.
 */
const DUPLICATING_NETWORK: LinkConditions = { duplicate: 0.5, reorder: 0.25, holdMs: HOLD_MS };

const RULES = {
  bound: 'startUdpEchoServer() resolves with the socket once it is bound: port 0 lets the OS pick, the host defaults to 127.0.0.1',
  echo: 'each datagram goes back unchanged, byte for byte, to the address and port it came from',
  empty: 'an empty datagram is a datagram too: it gets an empty datagram back',
  large: 'a datagram goes back whole, however large (no fixed 1024-byte buffer)',
  peers: 'each reply goes to the port its datagram came from, so every peer gets its own replies and no one else’s',
  many: 'every datagram gets exactly one reply: none missing, none twice',
  copies: 'every datagram that arrives gets its own reply — a datagram the network duplicated arrives twice, so it is answered twice',
  stranger: 'each reply goes to the address and port its own datagram came from, even from a peer the server has never heard from',
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

/** A peer that talks to the server directly, drawn in the trace under `name` (closed after the test). */
function newPeer(name: string): Promise<UdpPeer> {
  return createUdpPeer(LOOPBACK, name, SERVER);
}

/** A relay in front of the server that behaves like a bad network (closed after the test). */
function startRelay(port: number, random: Random, toServer: LinkConditions, fromServer: LinkConditions = {}): Promise<UdpRelay> {
  return createUdpRelay({ target: { port }, random, toTarget: toServer, fromTarget: fromServer, targetName: SERVER });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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

/** How many times each datagram (by its bytes) occurs in a list. */
function tally(datagrams: readonly Buffer[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const datagram of datagrams) counts.set(datagram.toString('hex'), (counts.get(datagram.toString('hex')) ?? 0) + 1);
  return counts;
}

/** The datagrams of `from` that `against` does not account for, as a multiset difference. */
function unmatched(from: readonly Buffer[], against: readonly Buffer[]): Buffer[] {
  const left = tally(against);
  return from.filter((datagram) => {
    const key = datagram.toString('hex');
    const count = left.get(key) ?? 0;
    if (count === 0) return true;
    left.set(key, count - 1);
    return false;
  });
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function listDatagrams(datagrams: readonly Buffer[]): string {
  const shown = datagrams.slice(0, 3).map((d) => previewBytes(d, 24));
  return shown.join(', ') + (datagrams.length > 3 ? `, … (${datagrams.length - 3} more)` : '');
}

/**
 * Compare replies with what they answer as a multiset: UDP does not promise
 * order (and the relay reorders on purpose), but it must be every datagram,
 * once each, unchanged.
 */
function expectSameDatagrams(
  received: readonly Buffer[],
  expected: readonly Buffer[],
  context: { rule: string; sent: string; expected?: string; hint?: (missing: Buffer[], extra: Buffer[]) => string | undefined },
): void {
  const missing = unmatched(expected, received);
  const extra = unmatched(received, expected);
  if (missing.length === 0 && extra.length === 0) return;
  const problems = [
    missing.length ? `${plural(missing.length, 'datagram', 'datagrams')} got no identical reply (${listDatagrams(missing)})` : '',
    extra.length ? `${plural(extra.length, 'reply matches', 'replies match')} nothing this peer sent (${listDatagrams(extra)})` : '',
  ].filter(Boolean);
  throw new ContractError({
    rule: context.rule,
    sent: context.sent,
    expected: context.expected ?? `${expected.length} replies, one per datagram sent, each unchanged`,
    received: `${plural(received.length, 'reply', 'replies')}: ${problems.join('; ')}`,
    hint:
      context.hint?.(missing, extra) ??
      (received.length === expected.length
        ? 'every datagram got a reply, but some came back changed: send the Buffer you received as it is, whole and unconverted.'
        : 'replies that are missing or belong to another peer usually mean the reply did not go to rinfo.port of that very datagram.'),
  });
}

/** What most likely went wrong when a reply differs from what was sent. */
function differenceHint(reply: Buffer, payload: Buffer): string {
  if (reply.length < payload.length && payload.subarray(0, reply.length).equals(reply)) {
    return `the reply is cut after ${reply.length} bytes: dgram hands you the whole datagram as one Buffer, so do not copy it into a fixed-size buffer or slice it (the Python recvfrom(1024) habit).`;
  }
  return 'send the Buffer you received as it is: converting it to a string and back changes bytes that are not valid UTF-8.';
}

/**
 * Wait until every datagram the peers sent has passed the relay (`sent` in
 * all), nothing is held back any more, and the server has sent as many
 * datagrams to each peer's port as it received from that peer — then listen a
 * moment longer for extra replies. Never throws: the judge decides.
 */
async function settle(relay: UdpRelay, sent: number): Promise<void> {
  await relay.waitFor(
    () =>
      relay.idle &&
      relay.fates.filter((fate) => fate.direction === 'toTarget').length === sent &&
      relay.paths.every((path) => path.answered.length >= path.delivered.length),
    REPLY_WAIT_MS,
  );
  await pause(STRAY_WAIT_MS);
}

/** How the network treated one peer's datagrams on the way to the server, in words. */
function describeDelivery(relay: UdpRelay, path: RelayPath): string {
  const fates = relay.fates.filter((fate) => fate.direction === 'toTarget' && fate.peer === path.name);
  const copies = fates.filter((fate) => fate.duplicated).length;
  const late = fates.filter((fate) => fate.heldBack).length;
  const fateNotes = [copies ? `${copies} of them duplicated` : '', late ? `${late} overtaken by the next` : ''].filter(Boolean);
  return (
    `${path.name} (port ${path.port}, as your server sees it) sent ${plural(fates.length, 'datagram', 'datagrams')}; the network delivered ` +
    `${path.delivered.length} to your server${fateNotes.length ? ` (${fateNotes.join(', ')})` : ''}`
  );
}

/**
 * The judge for traffic through the relay: the server must have sent to each
 * peer's port exactly the datagrams it received from that peer, copies
 * included — one reply per arrival, unchanged, in any order.
 */
function expectEachArrivalAnswered(relay: UdpRelay, rule: string, what: string): void {
  /** Replies at `path`'s port that answer a datagram another peer sent. */
  const strayedTo = (path: RelayPath) => {
    const others = relay.paths.filter((other) => other !== path);
    return unmatched(path.answered, path.delivered).filter((datagram) => others.some((other) => unmatched([datagram], other.delivered).length === 0));
  };
  // A peer that got someone else's replies tells the clearest story: judge it first.
  const paths = [...relay.paths].sort((a, b) => Number(strayedTo(b).length > 0) - Number(strayedTo(a).length > 0));
  for (const path of paths) {
    expectSameDatagrams(path.answered, path.delivered, {
      rule,
      sent: `${what}; ${describeDelivery(relay, path)}`,
      expected: `${plural(path.delivered.length, 'reply', 'replies')} at port ${path.port}, one per datagram your server received from it, each unchanged`,
      hint: (missing) => {
        const strayed = strayedTo(path);
        if (strayed.length > 0) {
          const owner = relay.paths.find((other) => other !== path && unmatched([strayed[0]!], other.delivered).length === 0)!;
          return (
            `${strayed.length === 1 ? '1 reply' : `${strayed.length} replies`} at ${path.name}'s port ${strayed.length === 1 ? 'answers a datagram' : 'answer datagrams'} ` +
            `that came from another peer (${strayed.length === 1 ? '' : 'e.g. '}${owner.name}, port ${owner.port}). ` +
            'Reply to rinfo.port and rinfo.address of that very datagram, inside its own message handler — never to a sender remembered from an earlier or a later datagram.'
          );
        }
        const sentTwice = tally(path.delivered);
        if (missing.length > 0 && strayedTo(path).length === 0 && missing.every((datagram) => (sentTwice.get(datagram.toString('hex')) ?? 0) > 1)) {
          return (
            'each missing reply is for a datagram the network delivered twice, and your server answered it only once. ' +
            'A UDP server cannot tell a network copy from a peer sending the same bytes again: answer every datagram that arrives.'
          );
        }
        return undefined;
      },
    });
  }
}

/** A port that was free a moment ago: bind port 0, note the port, release it. */
async function freePort(): Promise<number> {
  const probe = await createUdpPeer(LOOPBACK, 'probe', SERVER, { quiet: true });
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
    const alice = await newPeer('alice');
    await expectEcho(alice, port, Buffer.from('Hello, UDP! Grüße, 你好 👋\n'), RULES.echo, 'a UTF-8 text datagram');
  });

  test('echoes binary data byte for byte, all 256 byte values included', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const alice = await newPeer('alice');
    // Every byte value once, shuffled, then random noise: 0x00, lone 0x80–0xff
    // and broken UTF-8 sequences are exactly what a string round trip damages.
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (let i = everyByte.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [everyByte[i], everyByte[j]] = [everyByte[j]!, everyByte[i]!];
    }
    const payload = Buffer.concat([everyByte, random.bytes(random.int(64, 512))]);
    await expectEcho(alice, port, payload, RULES.echo, `a binary datagram (seed ${random.seed})`);
  });

  test('echoes an empty datagram with an empty datagram', async () => {
    const { port } = await startServer();
    const alice = await newPeer('alice');
    await expectEcho(alice, port, Buffer.alloc(0), RULES.empty, 'an empty datagram');
  });

  test('echoes a large datagram (8 KiB) whole', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const alice = await newPeer('alice');
    const payload = random.bytes(LARGE_DATAGRAM_BYTES);
    await expectEcho(alice, port, payload, RULES.large, `one ${LARGE_DATAGRAM_BYTES}-byte datagram (seed ${random.seed})`);
  });

  test('answers several peers at once, each with only its own replies', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const relay = await startRelay(port, random, ROUGH_NETWORK, ROUGH_NETWORK);
    const names = ['alice', 'bob', 'carol', 'dave'];
    const peers = await Promise.all(names.map((name) => relay.peer(name)));
    // Text with binary noise for everyone; one peer also sends an empty
    // datagram and another an 8 KiB one, so the crowd has every kind.
    const emptyFrom = random.int(0, names.length - 1);
    const largeFrom = (emptyFrom + random.int(1, names.length - 1)) % names.length;
    const rounds = 3;
    const payloads = names.map((name, p) =>
      Array.from({ length: rounds }, (_, m) => {
        if (m === 1 && p === emptyFrom) return Buffer.alloc(0);
        if (m === 1 && p === largeFrom) return random.bytes(LARGE_DATAGRAM_BYTES);
        return Buffer.concat([Buffer.from(`${name}, message ${m + 1}: `), random.bytes(random.int(0, 48))]);
      }),
    );
    // Each round leaves every peer at once, so the datagrams reach the server
    // interleaved, several in one turn of its event loop — as from real hosts.
    for (let m = 0; m < rounds; m++) {
      await Promise.all(peers.map((peer, p) => peer.send(payloads[p]![m]!, relay.port)));
    }
    await settle(relay, names.length * rounds);
    expectEachArrivalAnswered(
      relay,
      RULES.peers,
      `${rounds} rounds of datagrams from ${names.join(', ')} at once (text, binary, one empty, one of ${LARGE_DATAGRAM_BYTES} bytes), ` +
        `through a network that duplicates and reorders datagrams (seed ${random.seed})`,
    );
  });

  test('answers every datagram of a quick burst from one peer, once each', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const alice = await newPeer('alice');
    const payloads = Array.from({ length: 20 }, (_, i) =>
      Buffer.concat([Buffer.from(`#${i + 1} `), random.bytes(random.int(0, 1200))]),
    );
    for (const payload of payloads) await alice.send(payload, port);
    const replies = await receiveAll(alice, payloads.length);
    expectSameDatagrams(replies, payloads, {
      rule: RULES.many,
      sent: `${payloads.length} datagrams of 3 to 1204 bytes in a row from port ${alice.port}, without waiting for replies (seed ${random.seed})`,
    });
  });

  test('answers each copy of a datagram the network duplicated', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const relay = await startRelay(port, random, DUPLICATING_NETWORK);
    const erin = await relay.peer('erin');
    const payloads = Array.from({ length: 24 }, (_, i) =>
      Buffer.concat([Buffer.from(`erin #${i + 1} `), random.bytes(random.int(0, 64))]),
    );
    for (const payload of payloads) await erin.send(payload, relay.port);
    await settle(relay, payloads.length);
    expectEachArrivalAnswered(
      relay,
      RULES.copies,
      `${payloads.length} different datagrams in a row from erin, through a network that duplicates about half of them and reorders some (seed ${random.seed})`,
    );
  });

  test('answers a datagram from a port it has never seen, at that port', async () => {
    const random = createRandom();
    const { port } = await startServer();
    const relay = await startRelay(port, random, {});
    // First the server meets alice and bob, one after the other. Each is new
    // to the server when it speaks, so the same rule already applies to them.
    for (const [index, name] of ['alice', 'bob'].entries()) {
      const peer = await relay.peer(name);
      await peer.send(Buffer.from(`hello from ${name}`), relay.port);
      await relay.waitFor(() => relay.paths.every((path) => path.answered.length >= path.delivered.length && path.delivered.length > 0), REPLY_WAIT_MS);
      const what =
        index === 0
          ? 'first contact: alice says hello and waits for the reply'
          : 'first contact: alice said hello and got her reply; then bob says hello and waits for his';
      expectEachArrivalAnswered(relay, RULES.stranger, what);
    }
    // Then a datagram from a port it has never heard from.
    const mallory = await relay.stranger('mallory');
    const probe = Buffer.concat([Buffer.from('a stranger here: '), random.bytes(16)]);
    const [alice, bob] = relay.paths as [RelayPath, RelayPath];
    const sent =
      `alice (port ${alice.port}) and bob (port ${bob.port}) each sent a datagram first; then mallory sent ` +
      `${previewBytes(probe)} from port ${mallory.port}, a port your server had never seen`;
    await mallory.send(probe, port);
    const reply = await mallory.next(REPLY_WAIT_MS);
    if (reply === null) {
      const misdirected = relay.paths.find((path) => path.answered.some((datagram) => datagram.equals(probe)));
      throw new ContractError({
        rule: RULES.stranger,
        sent,
        expected: `the same ${probe.length} bytes back at 127.0.0.1:${mallory.port}`,
        received: misdirected
          ? `nothing at port ${mallory.port}: your server sent mallory's datagram to ${misdirected.name}'s port ${misdirected.port} instead`
          : `nothing within ${REPLY_WAIT_MS} ms`,
        hint: 'a UDP socket has no connections and no "current client": every datagram says who sent it (rinfo), and its reply goes exactly there.',
      });
    }
    expectSameBytes(reply.data, probe, { rule: RULES.stranger, sent, hint: differenceHint(reply.data, probe) });
    await pause(STRAY_WAIT_MS);
    expectEachArrivalAnswered(relay, RULES.stranger, sent);
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
      const alice = await newPeer('alice');
      await expectEcho(alice, wanted, Buffer.from('on the port I asked for?'), RULES.echo, 'a datagram');
      return;
    }
  });

  test('stops answering once the returned socket is closed', async () => {
    const { socket, port } = await startServer();
    const alice = await newPeer('alice');
    await expectEcho(alice, port, Buffer.from('still there?'), RULES.echo, 'a datagram before closing');
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const probe = Buffer.from('anyone home?');
    await alice.send(probe, port);
    const reply = await alice.next(SILENCE_WAIT_MS);
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
