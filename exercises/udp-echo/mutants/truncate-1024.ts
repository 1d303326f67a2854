// Mutant: the Python recvfrom(1024) habit — only the first 1024 bytes of a datagram are
// echoed — caught by 'echoes a large datagram (8 KiB) whole'.
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

  socket.on('message', (message, sender) => {
    // One socket talks to every peer, so the reply must name the peer
    // explicitly: rinfo is the only record of who sent this datagram. The
    // Buffer is sent as it is — decoding it to a string would damage bytes
    // that are not valid UTF-8, and an empty Buffer is a real datagram too.
    const BUFFER_SIZE = 1024;
    socket.send(message.subarray(0, BUFFER_SIZE), sender.port, sender.address, () => {
      // UDP promises no delivery: a peer that has gone away is not an error
      // worth stopping the service for, so a failed reply is dropped like a
      // lost datagram would be.
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
