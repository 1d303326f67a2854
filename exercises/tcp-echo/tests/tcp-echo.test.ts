/**
 * Hidden tests for `tcp-echo`: real TCP clients on 127.0.0.1 talk to the
 * learner's `startEchoServer`. Every test starts its own server on port 0 and
 * closes it (and every socket) afterwards.
 */
import net from 'node:net';
import { test } from 'vitest';
import { useCleanup } from '../../../testkit/cleanup.ts';
import { ContractError, describe, expectSameBytes, previewBytes } from '../../../testkit/explain.ts';
import { createRandom, type Random } from '../../../testkit/seed.ts';
import { exported, useSolution } from '../../../testkit/solution.ts';
import { boundPort, collectBytes, collectUntilEnd, connect, LOOPBACK, writeInPieces } from '../../../testkit/tcp.ts';
import { withTimeout } from '../../../testkit/timing.ts';

type Solution = typeof import('../solution/solution.ts');
type StartEchoServer = Solution['startEchoServer'];

const solution = useSolution<Solution>();
const cleanup = useCleanup();

/** How long a client waits for its echo (or for the server's end) before judging. */
const REPLY_DEADLINE_MS = 1_500;
/** How many clients the concurrency test keeps connected at the same time. */
const CONCURRENT_CLIENTS = 32;
/** Big enough that the echo of it cannot all sit in the kernel's buffers while the client is not reading. */
const SLOW_READER_BYTES = 6 * 1024 * 1024;
/** How long the slow reader keeps its side paused: a reader that is busy, not a wait for readiness. */
const SLOW_READER_PAUSE_MS = 150;

const RULES = {
  listening: 'startEchoServer(port?, host?) resolves with the net.Server once it is listening (defaults: port 0, host 127.0.0.1).',
  echo: 'Every byte a client sends comes back to that same client, unchanged and in the same order.',
  binary: 'The server is binary safe: any byte value 0x00–0xff comes back unchanged.',
  pieces: 'TCP is a stream: data sent in several pieces must come back complete and in order.',
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
  neverEnds: 'With net.createServer({ allowHalfOpen: true }) you must call socket.end() yourself when the client\'s "end" arrives; with the default (false) Node does it for you.',
  tailDropped:
    'Do not destroy() the socket when the client ends: destroy() throws away data still waiting to be sent. end() (or socket.pipe(socket)) sends it first, then the FIN.',
  reset: 'Give every client socket an "error" listener: an ECONNRESET from one client is emitted there and crashes the process if nobody listens.',
};

function startEchoServer(): StartEchoServer {
  return exported<StartEchoServer>(solution() as unknown as Record<string, unknown>, 'startEchoServer');
}

/**
 * Start the learner's server and arrange for it to be shut down after the
 * test. The server-side sockets are tracked only so that cleanup can end them
 * even when a wrong solution would leave them open.
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
    serverSide.add(socket);
    socket.once('close', () => serverSide.delete(socket));
  });
  cleanup(() => {
    for (const socket of serverSide) socket.destroy();
    server.close();
  });
  return { server, port: boundPort(server) };
}

/** A connected client that is destroyed after the test. */
async function client(port: number): Promise<net.Socket> {
  const socket = await connect(port, LOOPBACK);
  // A failed write (say, after a wrong server hung up early) is judged by what
  // came back, not left to crash the test run.
  socket.on('error', () => undefined);
  cleanup(() => socket.destroy());
  return socket;
}

/** Cut `data` into random pieces of 1…maxPiece bytes (the last may be shorter). */
function randomPieces(random: Random, data: Buffer, maxPiece: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length; ) {
    const size = random.int(1, maxPiece);
    pieces.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

/** Queue every piece on the socket at once (Node buffers what the kernel cannot take yet). */
function writeAll(socket: net.Socket, pieces: readonly Buffer[]): void {
  for (const piece of pieces) socket.write(piece);
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Judge a half-closed exchange: all bytes back, then the server's FIN, in that order. */
function expectEchoThenEnd(
  result: { data: Buffer; ended: boolean; error?: Error },
  payload: Buffer,
  sent: string,
): void {
  if (result.error) {
    throw new ContractError({
      rule: RULES.halfClose,
      sent,
      expected: `${previewBytes(payload)} back, then the server's end of the connection`,
      received: `${previewBytes(result.data)}, then the connection failed: ${describe(result.error)}`,
      hint: HINTS.tailDropped,
    });
  }
  const short = result.data.length < payload.length && payload.subarray(0, result.data.length).equals(result.data);
  expectSameBytes(result.data, payload, {
    rule: RULES.halfClose,
    sent,
    hint: !short
      ? `The bytes that came back differ from the bytes sent. ${HINTS.binary}`
      : result.ended
        ? `The server ended the connection after ${result.data.length} of ${payload.length} bytes. ${HINTS.tailDropped}`
        : `Nothing more arrived within ${REPLY_DEADLINE_MS} ms. ${HINTS.pieces}`,
  });
  if (!result.ended) {
    throw new ContractError({
      rule: RULES.halfClose,
      sent,
      expected: `all ${payload.length} bytes back, then the server ends the connection (FIN)`,
      received: `all ${payload.length} bytes came back, but the server had not ended the connection ${REPLY_DEADLINE_MS} ms later`,
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
  const socket = await client(port);
  const message = Buffer.from('Hello, echo server! Grüße, 你好 🌍\n');
  socket.write(message);
  const received = await collectBytes(socket, message.length, REPLY_DEADLINE_MS);
  expectSameBytes(received, message, { rule: RULES.echo, sent: `${previewBytes(message)} from one client` });
});

test('echoes all 256 byte values unchanged (binary safe)', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const socket = await client(port);
  // Every byte value once, in a seeded shuffled order, so 0x00, 0x0a and the
  // bytes that are not valid UTF-8 on their own all travel together.
  const values = Array.from({ length: 256 }, (_, i) => i);
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  const payload = Buffer.from(values);
  socket.write(payload);
  const received = await collectBytes(socket, payload.length, REPLY_DEADLINE_MS);
  expectSameBytes(received, payload, {
    rule: RULES.binary,
    sent: 'each of the 256 byte values once, shuffled, in one write',
    hint: HINTS.binary,
  });
});

test('echoes 1 MiB of random bytes written in random-sized pieces', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const socket = await client(port);
  const payload = random.bytes(1024 * 1024);
  const pieces = randomPieces(random, payload, 64 * 1024);
  const received = collectBytes(socket, payload.length, REPLY_DEADLINE_MS);
  writeAll(socket, pieces);
  expectSameBytes(await received, payload, {
    rule: RULES.echo,
    sent: `${payload.length} random bytes in ${pieces.length} writes of 1…65536 bytes`,
    hint: `${HINTS.pieces} ${HINTS.binary}`,
  });
});

test('returns data sent in several separate pieces complete and in order', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const socket = await client(port);
  const pieces = Array.from({ length: 5 }, (_, i) => Buffer.concat([Buffer.from(`piece ${i + 1}: `), random.bytes(random.int(1, 3000))]));
  const payload = Buffer.concat(pieces);
  const received = collectBytes(socket, payload.length, REPLY_DEADLINE_MS);
  // A short gap between writes makes each piece its own TCP segment. A write
  // that fails because the server already hung up shows in what came back.
  await writeInPieces(socket, pieces, 10).catch(() => undefined);
  expectSameBytes(await received, payload, {
    rule: RULES.pieces,
    sent: `${pieces.length} pieces (${pieces.map((p) => p.length).join(', ')} bytes) written 10 ms apart`,
    hint: HINTS.pieces,
  });
});

test(`serves ${CONCURRENT_CLIENTS} clients at once, each getting back only its own bytes`, async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  // Everyone connects first, so all the connections are open together.
  const sockets = await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, () => client(port)));
  const plans = sockets.map((_, i) =>
    Array.from({ length: random.int(2, 5) }, () => Buffer.concat([Buffer.from(`[client ${i}]`), random.bytes(random.int(1, 2000))])),
  );
  const expected = plans.map((pieces) => Buffer.concat(pieces));
  const received = sockets.map((socket, i) => collectBytes(socket, expected[i]!.length, REPLY_DEADLINE_MS));
  // Round-robin: piece 1 of every client, then piece 2 of every client, … so
  // the server sees the clients' bytes interleaved.
  for (let round = 0; plans.some((pieces) => round < pieces.length); round++) {
    sockets.forEach((socket, i) => {
      const piece = plans[i]![round];
      if (piece) socket.write(piece);
    });
    await tick();
  }
  const results = await Promise.all(received);
  results.forEach((data, i) =>
    expectSameBytes(data, expected[i]!, {
      rule: RULES.concurrent,
      sent: `client ${i} of ${CONCURRENT_CLIENTS} sent ${plans[i]!.length} pieces (${expected[i]!.length} bytes), interleaved with the other clients' writes`,
      hint: HINTS.perSocket,
    }),
  );
});

test('after a client ends its sending side, echoes everything and then ends the connection', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const socket = await client(port);
  const payload = Buffer.concat([Buffer.from('last words before my FIN\n'), random.bytes(random.int(4_000, 16_000))]);
  const result = collectUntilEnd(socket, REPLY_DEADLINE_MS);
  // end() right after the data, without waiting for any echo: a half-close.
  socket.end(payload);
  expectEchoThenEnd(await result, payload, `${payload.length} bytes, then end() straight away (half-close)`);
});

test('finishes echoing to a slow reader before ending the connection', async () => {
  const random = createRandom();
  const { port } = await startServer(0, LOOPBACK);
  const socket = await client(port);
  const payload = random.bytes(SLOW_READER_BYTES);
  const pieces = randomPieces(random, payload, 64 * 1024);
  const result = collectUntilEnd(socket, REPLY_DEADLINE_MS + SLOW_READER_PAUSE_MS);
  // Not reading for a moment makes the echo back up inside the server, as a
  // slow network would: what is still queued there when the client's end
  // arrives must be sent, not thrown away.
  socket.pause();
  writeAll(socket, pieces);
  socket.end();
  setTimeout(() => socket.resume(), SLOW_READER_PAUSE_MS);
  expectEchoThenEnd(
    await result,
    payload,
    `${payload.length} random bytes in ${pieces.length} writes, then end(); the client read nothing for the first ${SLOW_READER_PAUSE_MS} ms`,
  );
});

test('keeps serving other clients after one resets its connection', async () => {
  const random = createRandom();
  const { server, port } = await startServer(0, LOOPBACK);
  // Vitest treats an uncaught exception as handled when someone else listens
  // for it, so this listener both records a crash and keeps it in this test.
  const crashes: Error[] = [];
  const onCrash = (error: Error) => crashes.push(error);
  process.on('uncaughtException', onCrash);
  cleanup(() => process.off('uncaughtException', onCrash));

  const serverSideClosed = new Promise<void>((resolve) => server.once('connection', (s: net.Socket) => s.once('close', () => resolve())));
  const rude = await client(port);
  const payload = random.bytes(256 * 1024);
  const firstEcho = collectBytes(rude, 1, REPLY_DEADLINE_MS);
  writeAll(rude, randomPieces(random, payload, 16 * 1024));
  await firstEcho;
  // Mid-stream: the server is still busy echoing when the RST arrives.
  rude.resetAndDestroy();
  await withTimeout(serverSideClosed, REPLY_DEADLINE_MS, 'the server to notice the reset').catch(() => undefined);

  const polite = await client(port);
  const message = Buffer.from('still there?\n');
  polite.write(message);
  const received = await collectBytes(polite, message.length, REPLY_DEADLINE_MS);

  if (crashes.length > 0) {
    throw new ContractError({
      rule: RULES.reset,
      sent: `${payload.length} bytes from one client, which then reset the connection (RST) mid-echo`,
      expected: 'the server ignores the reset of that one connection',
      received: `an uncaught exception that would crash the server process: ${describe(crashes[0])}`,
      hint: HINTS.reset,
    });
  }
  expectSameBytes(received, message, {
    rule: RULES.reset,
    sent: `${previewBytes(message)} from a new client, after another client reset its connection`,
  });
});

test('stops accepting connections once the server is closed', async () => {
  const { server, port } = await startServer(0, LOOPBACK);
  const socket = await client(port);
  const message = Buffer.from('bye\n');
  socket.write(message);
  await collectBytes(socket, message.length, REPLY_DEADLINE_MS);
  socket.destroy();
  server.close();

  const attempt = net.connect({ port, host: LOOPBACK });
  cleanup(() => attempt.destroy());
  const outcome = await withTimeout(
    new Promise<string>((resolve) => {
      attempt.once('connect', () => resolve('connected'));
      attempt.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    }),
    REPLY_DEADLINE_MS,
    `a connection attempt to the closed server on port ${port}`,
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
