/**
 * What every socket test needs, TCP or UDP: the loopback address to bind and
 * connect to, and the port a server ended up on. The TCP peers themselves
 * live in harness/tcp-peer.ts.
 */
import type net from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** The port a learner's server or socket is bound to, with a clear error when it is not bound. */
export function boundPort(server: { address(): net.AddressInfo | string | null }): number {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The returned server is not bound to a TCP/UDP port: did you resolve before it was listening?');
  }
  return address.port;
}
