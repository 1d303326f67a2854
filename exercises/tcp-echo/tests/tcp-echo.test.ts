/**
 * Hidden tests for `tcp-echo`: the harness's TCP peers talk to the learner's
 * `startEchoServer` over real loopback connections, and behave like an
 * unkind network: they cut writes at random points, merge messages, pause
 * between pieces, half-close with data still in flight, stop reading, reset
 * mid-message and crowd in by the dozen. Every test starts its own server on
 * port 0 and closes it (and every socket) afterwards; each peer's moves are
 * recorded in the test's wire trace.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { test } from 'vitest';
import { useCleanup } from '../../../testkit/cleanup.ts';
import { ContractError, describe, describePieces, expectSameBytes, previewBytes } from '../../../testkit/explain.ts';
import { merge, offsetsInsideCharacters, randomPieces, splitAt } from '../../../testkit/harness/split.ts';
import { ConnectError, LOOPBACK, TcpPeer, type ReadResult } from '../../../testkit/harness/tcp-peer.ts';
import { trace } from '../../../testkit/harness/trace-recorder.ts';
import { createRandom, type Random } from '../../../testkit/seed.ts';
import { exported, useSolution } from '../../../testkit/solution.ts';
import { boundPort } from '../../../testkit/tcp.ts';
import { withTimeout } from '../../../testkit/timing.ts';

type Solution = typeof import('../solution/solution.ts');
type StartEchoServer = Solution['startEchoServer'];

const solution = useSolution<Solution>();
const cleanup = useCleanup();

/** How long a client waits for its echo (or for the server's end) before judging. */
const REPLY_DEADLINE_MS = 1_500;
/** Pause between pieces written apart: long enough that each leaves as its own segment. */
const PIECE_GAP_MS = 3;
/** How many clients the concurrency test keeps connected at the same time (the task promises 32). */
const CONCURRENT_CLIENTS = 32;
/**
 * Which of them the wire trace draws (0-based): 32 lanes would be a wall, not
 * a diagram. The last one too, because it is where a server that answers
 * "the latest client" or caps its connections goes wrong.
 */
const TRACED_CLIENTS = new Set([0, 1, CONCURRENT_CLIENTS - 1]);
/**
 * Big enough that the echo cannot all sit in the kernel's buffers while the
 * client is not reading (on Linux loopback they take about 4 MiB), so part
 * of it is still queued inside the server when the client's FIN arrives.
 */
const SLOW_READER_BYTES = 6 * 1024 * 1024;
/**
 * The slow reader reads nothing for at least this long: a client that is
 * busy, not a wait for readiness. Longer than Linux's 40 ms delayed ACK,
 * which can hold the last of the client's bytes back from the server. A
 * correct server passes whatever the length.
 */
const SLOW_READER_PAUSE_MS = 60;
/**
 * …and then until its own writes have settled: all sent, or not moving
 * because the server stopped taking them. Settled means no change for this
 * many turns of the event loop, which the server shares: turns, not
 * milliseconds, so on a busy machine the server still gets to read all it
 * will read (and the FIN) before the client reads again.
 */
const SETTLE_TURNS = 16;
/** The longest the slow reader waits for its writes to settle, should they keep trickling. */
const SETTLE_CAP_MS = 1_000;

const RULES = {
  listening: 'startEchoServer(port?, host?) resolves with the net.Server once it is listening (defaults: port 0, host 127.0.0.1).',
  echo: 'Every byte a client sends comes back to that same client, unchanged and in the same order.',
  binary: 'The server is binary safe: any byte value 0x00–0xff comes back unchanged.',
  stream: 'TCP is a stream: however the writes cut or merge the messages, every byte must come back complete and in order.',
  concurrent: 'Many clients can be connected at once; each gets back exactly its own bytes.',
  halfClose: 'When a client ends its sending side, everything it sent is echoed before the server ends the connection.',
  reset: 'A client that resets its connection must not crash the server: the other clients are still served.',
  close: 'Closing the returned server stops the service: new connections are refused.',
  badPort: 'An invalid port (not an integer in 0…65535) throws a RangeError or rejects with one.',
};

const HINTS = {
  binary: 'Write the Buffer you received straight back; converting it to a string (toString / utf8) changes bytes that are not valid text.',
  pieces: 'A single "data" event is not a whole message: keep echoing every chunk for as long as the connection is open.',
  perSocket: 'Answer on the socket the data arrived on (the one passed to your connection handler), never on a shared variable.',
  crowd: 'Every client that connects must be served for as long as it stays: do not cap the number of connections (server.maxConnections) or serve one client at a time.',
  neverEnds:
    'When the client\'s "end" arrives, your side must end too, once the echo is written. With net.createServer({ allowHalfOpen: true }) you must call socket.end() yourself, every time: end() already waits for the queued writes, so do not make it depend on the queue being empty (with the default, allowHalfOpen: false, Node calls it for you).',
  tailDropped:
    'Write each chunk back as it arrives (do not hold data back waiting for a pause or a whole message), and let end() close your side: destroy() throws away data still waiting to be sent, while end() (or socket.pipe(socket)) sends it first, then the FIN.',
  slowDiffers:
    'Two usual causes. A conversion to text: write the Buffer you received straight back. Or a Buffer changed after it was written: here the client reads slowly, so your writes wait in a queue, and socket.write() keeps a reference to your Buffer (it does not copy it) until its bytes leave. Never reuse or change a Buffer you have written.',
  reset: 'Give every client socket an "error" listener: an ECONNRESET from one client is emitted there and crashes the process if nobody listens.',
};

/** Words for text messages; each message gets one with characters of two to four bytes in UTF-8, so a cut can land inside one. */
const PLAIN_WORDS = ['hello', 'stream', 'bytes', 'socket', 'echo', 'packet', 'port', 'segment'];
const WIDE_WORDS = ['Grüße', 'café', 'naïve', 'façade', '½ €', 'smörgåsbord', '你好', '東京', '🌍', '🙂'];

function startEchoServer(): StartEchoServer {
  return exported<StartEchoServer>(solution() as unknown as Record<string, unknown>, 'startEchoServer');
}

/**
 * Start the learner's server and arrange for it to be shut down after the
 * test. The server-side sockets are tracked only so that cleanup can end them
 * even when a wrong solution would leave them open (and to keep Nagle out).
 */
async function startServer(...args: Parameters<StartEchoServer>): Promise<{ server: net.Server; port: number }> {
  const result = startEchoServer()(...args);
  const server = await withTimeout(Promise.resolve(result), REPLY_DEADLINE_MS, 'startEchoServer() to resolve');
  if (!(server instanceof net.Server)) {
    throw new ContractError({
      rule: RULES.listening,
      sent: `startEchoServer(${args.map((a) => describe(a)).join(', ')})`,
      expected: 'a net.Server',
      received: describe(server),
    });
  }
  const serverSide = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    // Nagle's algorithm on the server's side holds the last small piece of an
    // echo until the client's delayed ACK, 40 ms on Linux: a wait that says
    // nothing about the learner's code. Turning it off changes no byte.
    socket.setNoDelay(true);
    serverSide.add(socket);
    socket.once('close', () => serverSide.delete(socket));
  });
  cleanup(() => {
    for (const socket of serverSide) socket.destroy();
    server.close();
  });
  return { server, port: boundPort(server) };
}

/** A line of text of a few random words, one of them with multi-byte characters. */
function textMessage(random: Random, label: string): Buffer {
  const words = Array.from({ length: random.int(1, 3) }, () => random.pick(PLAIN_WORDS));
  words.splice(random.int(0, words.length), 0, random.pick(WIDE_WORDS));
  return Buffer.from(`${label}: ${words.join(' ')}\n`);
}

/**
 * Megabytes of seeded random bytes, fast: an AES-CTR keystream keyed by the
 * seeded generator (its own bytes() draws one number per byte, about 50 ms
 * for 6 MiB). The same seed gives the same bytes.
 */
function randomBulk(random: Random, length: number): Buffer {
  const cipher = crypto.createCipheriv('aes-128-ctr', random.bytes(16), random.bytes(16));
  return cipher.update(Buffer.alloc(length));
}

/** A bulk payload's chunk boundaries: the size of every write (a preview of random bytes says little). */
function describeBulk(pieces: readonly Buffer[]): string {
  return `${describePieces(pieces, 2)}; write sizes ${pieces.map((piece) => piece.length).join(', ')}`;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wait until the peer's queued writes have not changed for SETTLE_TURNS
 * event-loop turns: everything (FIN included) has left and the server has
 * had those turns to read it, or the server stopped reading (backpressure).
 * A server and its client share this event loop, so every turn lets the
 * server read whatever has arrived.
 */
async function untilWritesSettle(peer: TcpPeer): Promise<void> {
  const deadline = performance.now() + SETTLE_CAP_MS;
  let queued = peer.socket.writableLength;
  for (let still = 0; still < SETTLE_TURNS && performance.now() < deadline; ) {
    await tick();
    const now = peer.socket.writableLength;
    still = now === queued ? still + 1 : 0;
    queued = now;
  }
}

interface EchoCheck {
  rule: string;
  /** What the client did, with the chunk boundaries where there were several writes. */
  sent: string;
  /** Advice when the bytes that came back differ from the bytes sent. */
  differs?: string;
  /** Advice when the echo stops short (after the explanation of how it stopped). */
  short?: string;
  /** How long the client waited, for the explanation of a short echo. */
  waitedMs?: number;
}

/** Judge an echo byte for byte; a short one is explained by how the read ended (the server's FIN, a failure, silence). */
function expectEcho(result: ReadResult, expected: Buffer, check: EchoCheck): void {
  const { data } = result;
  const short = data.length < expected.length && expected.subarray(0, data.length).equals(data);
  let hint = check.differs;
  if (short) {
    const how = result.error
      ? `After ${data.length} of ${expected.length} bytes the connection failed: ${describe(result.error)}.`
      : result.ended
        ? `The server ended the connection after ${data.length} of ${expected.length} bytes.`
        : `Nothing more arrived within ${check.waitedMs ?? REPLY_DEADLINE_MS} ms.`;
    hint = check.short ? `${how} ${check.short}` : how;
  }
  expectSameBytes(data, expected, { rule: check.rule, sent: check.sent, hint });
}

/** Judge a half-closed exchange: all bytes back, then the server's FIN, in that order. */
function expectEchoThenEnd(result: ReadResult, payload: Buffer, check: Omit<EchoCheck, 'rule'>): void {
  expectEcho(result, payload, { ...check, rule: RULES.halfClose, short: check.short ?? HINTS.tailDropped });
  if (result.error) {
    throw new ContractError({
      rule: RULES.halfClose,
      sent: check.sent,
      expected: `all ${payload.length} bytes back, then the server ends the connection (FIN)`,
      received: `all ${payload.length} bytes came back, then the connection failed instead of ending: ${describe(result.error)}`,
      hint: HINTS.tailDropped,
    });
  }
  if (!result.ended) {
    throw new ContractError({
      rule: RULES.halfClose,
      sent: check.sent,
      expected: `all ${payload.length} bytes back, then the server ends the connection (FIN)`,
      received: `all ${payload.length} bytes came back, but the server had not ended the connection ${check.waitedMs ?? REPLY_DEADLINE_MS} ms later`,
      hint: HINTS.neverEnds,
    });
  }
}

test('resolves with a server listening on 127.0.0.1, on a free port by default', async () => {
  const { server, port } = await startServer();
  const address = server.address() as net.AddressInfo;
  if (!server.listening || address.address !== LOOPBACK || port === 0) {
    throw new ContractError({
      rule: RULES.listening,
      sent: 'startEchoServer() with no arguments',
      expected: 'server.listening === true on 127.0.0.1 with a port chosen by the OS (not 0)',
      received: `server.listening === ${server.listening}, address ${describe(address)}`,
      hint: 'Resolve from the listen() callback (or the "listening" event), not before.',
    });
  }
});

test('listens on the port it is given', async () => {
  // Ask the OS for a port that is free right now, release it, then hand it over.
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, LOOPBACK, resolve);
  });
  const wanted = boundPort(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const { server, port } = await startServer(wanted, LOOPBACK);
  if (port !== wanted || !server.listening) {
    throw new ContractError({
      rule: RULES.listening,
      sent: `startEchoServer(${wanted}, '${LOOPBACK}')`,
      expected: `a server listening on port ${wanted}`,
      received: `listening: ${server.listening}, port ${port}`,
      hint: 'Pass the port argument on to server.listen(port, host).',
    });
  }
});

test('rejects an invalid port with a RangeError', async () => {
  for (const bad of [-1, 65_536, 1.5, Number.NaN]) {
    const sent = `startEchoServer(${bad}, '${LOOPBACK}')`;
    let outcome: unknown;
    try {
      const result = startEchoServer()(bad, LOOPBACK);
      // A synchronous throw and a rejected promise are both fine.
      outcome = await withTimeout(Promise.resolve(result), REPLY_DEADLINE_MS, sent).then(
        (server: unknown) => {
          if (server instanceof net.Server) server.close();
          return `a resolved promise (${describe(server)})`;
        },
        (error: unknown) => error,
      );
    } catch (error) {
      outcome = error;
    }
    if (!(outcome instanceof RangeError)) {
      throw new ContractError({
        rule: RULES.badPort,
        sent,
        expected: 'a thrown RangeError or a promise rejected with one',
        received: outcome instanceof Error ? describe(outcome) : String(outcome),
        hint: 'server.listen() already throws a RangeError for a bad port; let it reach the caller (or check the port yourself).',
      });
    }
  }
});

test('echoes a line of text back unchanged', async () => {
  const { port } = await startServer(0, LOOPBACK);
  const client = await TcpPeer.connect(port, { name: 'client 1' });
  const message = Buffer.from('Hello, echo server! Grüße, 你好 🌍\n');
  await client.write(message);
  expectEcho(await client.readBytes(message.length, REPLY_DEADLINE_MS), message, {
    rule: RULES.echo,
    sent: `${previewBytes(message)} in one write`,
    differs: HINTS.binary,
    short: HINTS.pieces,
  });
});

test('echoes all 256 byte values unchanged (binary safe)', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const client = await TcpPeer.connect(port, { name: 'client 1' });
  // Every byte value once, in a seeded shuffled order, so 0x00, 0x0a and the
  // bytes that are not valid UTF-8 on their own all travel together.
  const values = Array.from({ length: 256 }, (_, i) => i);
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  const payload = Buffer.from(values);
  await client.write(payload);
  expectEcho(await client.readBytes(payload.length, REPLY_DEADLINE_MS), payload, {
    rule: RULES.binary,
    sent: 'each of the 256 byte values once, shuffled, in one write',
    differs: HINTS.binary,
    short: HINTS.binary,
  });
});

test('echoes 1 MiB of random bytes written in random-sized pieces', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const client = await TcpPeer.connect(port, { name: 'client 1' });
  const payload = randomBulk(random, 1024 * 1024);
  // A few large writes of random sizes, queued at once: the server sees
  // chunks that match none of them.
  const pieces = randomPieces(random, payload, { min: 1, max: 256 * 1024 });
  client.writeAll(pieces);
  expectEcho(await client.readBytes(payload.length, REPLY_DEADLINE_MS), payload, {
    rule: RULES.echo,
    sent: `${payload.length} random bytes as ${describeBulk(pieces)}, queued at once`,
    differs: HINTS.binary,
    short: HINTS.pieces,
  });
});

test('returns messages split at random points and merged into shared writes, complete and in order', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const client = await TcpPeer.connect(port, { name: 'client 1' });
  const messages = Array.from({ length: 8 }, (_, i) => textMessage(random, `message ${i + 1}`));
  const payload = merge(messages);
  // Cut inside every second message, at a random point: each write then
  // holds the end of one message, a whole one and the start of the next.
  // One of the cuts falls inside a multi-byte character.
  const cutInsideCharacter = random.pick([1, 3, 5, 7]);
  const cuts: number[] = [];
  let start = 0;
  messages.forEach((message, i) => {
    if (i % 2 === 1) {
      const inside = offsetsInsideCharacters(message);
      cuts.push(start + (i === cutInsideCharacter ? random.pick(inside) : random.int(1, message.length - 1)));
    }
    start += message.length;
  });
  const pieces = splitAt(payload, cuts);
  await client.writePieces(pieces, PIECE_GAP_MS);
  expectEcho(await client.readBytes(payload.length, REPLY_DEADLINE_MS), payload, {
    rule: RULES.stream,
    sent: `${messages.length} lines as ${describePieces(pieces)}, ${PIECE_GAP_MS} ms apart (write ${Math.ceil(cutInsideCharacter / 2) + 1} starts inside a character)`,
    differs: `${HINTS.pieces} ${HINTS.binary}`,
    short: HINTS.pieces,
  });
});

test(`serves ${CONCURRENT_CLIENTS} clients at once, each getting back only its own bytes`, async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  // Everyone connects first, so all the connections are open together. One
  // after the other: a burst of 32 handshakes would overflow a small listen
  // backlog (the tutorials' listen(5)), which the task leaves to the learner.
  const clients: TcpPeer[] = [];
  for (let i = 0; i < CONCURRENT_CLIENTS; i++) {
    clients.push(await TcpPeer.connect(port, { name: `client ${i + 1}`, quiet: !TRACED_CLIENTS.has(i) }));
  }
  trace().record('note', 'client 2', undefined, undefined, `clients 3–${CONCURRENT_CLIENTS - 1} do the same (not drawn)`);
  const plans = clients.map((_, i) =>
    Array.from({ length: random.int(2, 4) }, () => Buffer.concat([Buffer.from(`[client ${i + 1}]`), random.bytes(random.int(1, 2000))])),
  );
  const expected = plans.map((pieces) => Buffer.concat(pieces));
  // Round-robin: piece 1 of every client, then piece 2 of every client, … so
  // the server sees the clients' bytes interleaved.
  for (let round = 0; plans.some((pieces) => round < pieces.length); round++) {
    clients.forEach((client, i) => {
      const piece = plans[i]![round];
      if (piece) client.writeAll([piece]);
    });
    await tick();
  }
  const results = await Promise.all(clients.map((client, i) => client.readBytes(expected[i]!.length, REPLY_DEADLINE_MS)));
  results.forEach((result, i) =>
    expectEcho(result, expected[i]!, {
      rule: RULES.concurrent,
      sent: `client ${i + 1} of ${CONCURRENT_CLIENTS} (all connected at once) sent ${describePieces(plans[i]!)}, interleaved with the other clients' writes`,
      differs: HINTS.perSocket,
      short: HINTS.crowd,
    }),
  );
});

test('after a client ends its sending side, echoes everything and then ends the connection', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const client = await TcpPeer.connect(port, { name: 'client 1' });
  const payload = Buffer.concat([Buffer.from('last words before my FIN\n'), random.bytes(random.int(4_000, 16_000))]);
  const pieces = randomPieces(random, payload, { min: 1_000, max: 6_000 });
  // The first pieces with pauses between them; the last one and the FIN
  // leave together, without waiting for any echo: a half-close with data in flight.
  await client.writePieces(pieces.slice(0, -1), PIECE_GAP_MS);
  client.writeAll(pieces.slice(-1));
  client.end();
  expectEchoThenEnd(await client.readToEnd(REPLY_DEADLINE_MS), payload, {
    sent: `${describePieces(pieces)}, ${PIECE_GAP_MS} ms apart, and end() right behind the last piece (half-close)`,
    differs: HINTS.binary,
  });
});

test('finishes echoing to a slow reader before ending the connection', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const client = await TcpPeer.connect(port, { name: 'client 1' });
  const payload = randomBulk(random, SLOW_READER_BYTES);
  const pieces = randomPieces(random, payload, { min: 256 * 1024, max: 2 * 1024 * 1024 });
  // Not reading makes the echo back up inside the server, as a slow network
  // would: about 2 MiB are still queued there when the client's FIN arrives,
  // and they must be sent, not thrown away; then the server must end.
  client.pauseReading();
  client.writeAll(pieces);
  client.end();
  await pause(SLOW_READER_PAUSE_MS);
  await untilWritesSettle(client);
  client.resumeReading();
  expectEchoThenEnd(await client.readToEnd(REPLY_DEADLINE_MS), payload, {
    sent: `${payload.length} random bytes as ${describeBulk(pieces)}, then end(); the client read nothing for ${SLOW_READER_PAUSE_MS} ms and until all of it had left (or stopped moving)`,
    differs: HINTS.slowDiffers,
  });
});

test('keeps serving other clients after one resets its connection mid-message', async () => {
  const random = createRandom();
  const { server, port } = await startServer(0, LOOPBACK);
  // Vitest treats an uncaught exception as handled when someone else listens
  // for it, so this listener both records a crash and keeps it in this test.
  const crashes: Error[] = [];
  const onCrash = (error: Error) => crashes.push(error);
  process.on('uncaughtException', onCrash);
  cleanup(() => process.off('uncaughtException', onCrash));

  // Client 1 is in the middle of a message when client 2 misbehaves.
  const client1 = await TcpPeer.connect(port, { name: 'client 1' });
  const message1 = textMessage(random, 'client 1 keeps talking');
  const [head1, tail1] = splitAt(message1, [random.int(1, message1.length - 1)]) as [Buffer, Buffer];
  await client1.write(head1);
  // Its first echo also proves the server has accepted client 1, so the next
  // connection the server reports is client 2's.
  await client1.readBytes(head1.length, REPLY_DEADLINE_MS);
  const client2Closed = new Promise<void>((resolve) => server.once('connection', (socket: net.Socket) => socket.once('close', () => resolve())));

  // Client 2 starts a big message, stops reading its echo, sends more, then
  // vanishes with an RST while the server is still busy with it.
  const client2 = await TcpPeer.connect(port, { name: 'client 2' });
  const rude = randomBulk(random, 256 * 1024);
  const rudePieces = randomPieces(random, rude, { min: 32 * 1024, max: 128 * 1024 });
  client2.writeAll(rudePieces.slice(0, 1));
  await client2.readBytes(1, REPLY_DEADLINE_MS);
  client2.pauseReading();
  client2.writeAll(rudePieces.slice(1));
  client2.reset();
  await withTimeout(client2Closed, REPLY_DEADLINE_MS, 'the server to notice the reset').catch(() => undefined);

  await client1.write(tail1);
  const result1 = await client1.readBytes(message1.length, REPLY_DEADLINE_MS);
  const client3 = await TcpPeer.connect(port, { name: 'client 3' }).catch((error: unknown) => error as ConnectError);
  let result3: ReadResult | undefined;
  const message3 = Buffer.from('still there?\n');
  if (client3 instanceof TcpPeer) {
    await client3.write(message3);
    result3 = await client3.readBytes(message3.length, REPLY_DEADLINE_MS);
  }

  const what = `client 2 sent ${rudePieces[0]!.length} bytes, received the start of their echo, stopped reading, sent ${rude.length - rudePieces[0]!.length} more and reset the connection (RST)`;
  if (crashes.length > 0) {
    throw new ContractError({
      rule: RULES.reset,
      sent: what,
      expected: 'the server ignores the reset of that one connection',
      received: `an uncaught exception that would crash the server process: ${describe(crashes[0])}`,
      hint: HINTS.reset,
    });
  }
  expectEcho(result1, message1, {
    rule: RULES.reset,
    sent: `client 1 sent ${describePieces([head1, tail1])}: the first piece before, the second after ${what}`,
    differs: HINTS.perSocket,
    short: 'One client\'s reset must not end or stall the other connections.',
  });
  if (!(client3 instanceof TcpPeer)) {
    throw new ContractError({
      rule: RULES.reset,
      sent: `a new connection (client 3) after ${what}`,
      expected: 'the connection is accepted',
      received: describe(client3),
      hint: 'Keep the server listening when one client fails: do not close it from an error handler.',
    });
  }
  expectEcho(result3!, message3, {
    rule: RULES.reset,
    sent: `${previewBytes(message3)} from a new client (client 3), after ${what}`,
    short: 'One client\'s reset must not stop the server from serving new clients.',
  });
});

test('stops accepting connections once the server is closed', async () => {
  const { server, port } = await startServer(0, LOOPBACK);
  const client1 = await TcpPeer.connect(port, { name: 'client 1' });
  const message = Buffer.from('bye\n');
  await client1.write(message);
  await client1.readBytes(message.length, REPLY_DEADLINE_MS);
  client1.end();
  server.close();

  const outcome = await TcpPeer.connect(port, { name: 'client 2', timeoutMs: REPLY_DEADLINE_MS }).then(
    () => 'connected',
    (error: unknown) => (error instanceof ConnectError ? error.code : describe(error)),
  );
  if (outcome !== 'ECONNREFUSED') {
    throw new ContractError({
      rule: RULES.close,
      sent: `server.close() on the server startEchoServer() returned, then a new connection to port ${port}`,
      expected: 'ECONNREFUSED',
      received: outcome === 'connected' ? 'the connection was accepted' : outcome,
      hint: 'Return the very server that is listening, so that closing it stops the service.',
    });
  }
});
