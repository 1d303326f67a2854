// Mutant: ports the seeds' `data, addr = recvfrom(1024)` / `sendto(data, addr)` loop by
// cutting it in two: the 'message' handler queues the datagram and notes its sender in one
// shared `client` variable, and a flush on the next turn of the event loop sends the queue
// to `client`. With one peer at a time that is indistinguishable from a correct server;
// when datagrams from several peers arrive in the same turn, every queued reply goes to
// whoever spoke last. Only interleaved peers catch it — 'answers several peers at once, each
// with only its own replies' (four peers sending in rounds through the relay).
/**
 * A UDP echo service: every datagram that arrives goes straight back to the
 * address and port it came from, unchanged.
 */
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';

const HIGHEST_PORT = 65_535;

/**
 * Start a UDP echo server.
 *
 * @param port Port to bind; 0 (the default) lets the operating system pick a free one.
 * @param host Local address to bind; defaults to the loopback address 127.0.0.1.
 * @returns The bound socket. Closing it stops the service.
 * @throws RangeError when `port` is not an integer from 0 to 65535.
 */
export async function startUdpEchoServer(port = 0, host = '127.0.0.1'): Promise<dgram.Socket> {
  // dgram.bind() does not check its port: -1 silently becomes 65535 and 1.5
  // becomes 1. Refuse such values before they reach the socket.
  if (!Number.isInteger(port) || port < 0 || port > HIGHEST_PORT) {
    throw new RangeError(`port must be an integer from 0 to ${HIGHEST_PORT}, got ${String(port)}`);
  }

  // A socket serves one address family; pick the one the host belongs to.
  const socket = dgram.createSocket(isIPv6(host) ? 'udp6' : 'udp4');

  // Receive and reply are kept apart, like the two halves of the Python loop:
  // the handler only collects, the flush does the sending.
  const queue: Buffer[] = [];
  let client: dgram.RemoteInfo | undefined;
  let flushScheduled = false;

  const flush = (): void => {
    flushScheduled = false;
    const to = client;
    if (!to) return;
    for (const message of queue.splice(0)) {
      socket.send(message, to.port, to.address, () => {
        // UDP promises no delivery: a failed reply is dropped like a lost datagram.
      });
    }
  };

  socket.on('message', (message, sender) => {
    queue.push(message);
    client = sender;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });

  // address() only works once the socket is bound, so the promise must not
  // settle before 'listening' (or an error such as EADDRINUSE).
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.close();
      reject(error);
    };
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve();
    });
  });

  return socket;
}
