/**
 * A UDP echo service: every datagram that arrives goes straight back to the
 * address and port it came from, unchanged.
 */
import dgram from 'node:dgram';

/**
 * Start a UDP echo server.
 *
 * @param port Port to bind; 0 (the default) lets the operating system pick a free one.
 * @param host Local address to bind; defaults to the loopback address 127.0.0.1.
 * @returns The bound socket. Closing it stops the service.
 * @throws RangeError when `port` is not an integer from 0 to 65535.
 */
export async function startUdpEchoServer(port = 0, host = '127.0.0.1'): Promise<dgram.Socket> {
  // TODO 1: refuse a port that is not an integer from 0 to 65535 with a RangeError.
  //         (dgram will not do it for you.)

  // TODO 2: create a UDP socket with dgram.createSocket('udp4').

  // TODO 3: on every 'message', send the very same Buffer back to the sender.
  //         The second argument of the handler (rinfo) says who sent it.

  // TODO 4: bind the socket to `port` and `host`, and return it only once it is
  //         bound (bind's callback or the 'listening' event tells you when).

  throw new Error(`TODO: start a UDP echo server on ${host}:${port}`);
}
