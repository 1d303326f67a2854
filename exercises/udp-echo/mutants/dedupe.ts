// Mutant: "protects" the service against the duplicates UDP is known for: a datagram whose
// bytes equal the previous one from the same sender is taken for a network glitch and
// ignored. But the server cannot tell a network copy from a peer sending the same bytes
// again, and the task asks for one reply per datagram that arrives. Every test that sends
// each datagram once passes; only a network that duplicates catches it — 'answers each copy
// of a datagram the network duplicated' (and, when its seed duplicates something, 'answers
// several peers at once, each with only its own replies').
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

  // The last datagram seen from each sender, to spot the network's duplicates.
  const lastFrom = new Map<string, Buffer>();

  socket.on('message', (message, sender) => {
    const key = `${sender.address}:${sender.port}`;
    if (lastFrom.get(key)?.equals(message)) return; // the same bytes again: a duplicate, skip it
    lastFrom.set(key, message);
    socket.send(message, sender.port, sender.address, () => {
      // UDP promises no delivery: a failed reply is dropped like a lost datagram.
    });
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
