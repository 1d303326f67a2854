/** A UDP test peer: a real socket on loopback that sends datagrams and waits for replies. */
import dgram from 'node:dgram';
import { onCleanup } from './cleanup.ts';
import { trace } from './harness/trace-recorder.ts';
import { LOOPBACK } from './tcp.ts';

export interface Datagram {
  data: Buffer;
  from: dgram.RemoteInfo;
}

export interface UdpPeer {
  socket: dgram.Socket;
  port: number;
  send(data: Buffer, port: number, host?: string): Promise<void>;
  /** The next datagram that arrives, or null when none comes within `timeoutMs`. */
  next(timeoutMs?: number): Promise<Datagram | null>;
  close(): void;
}

export interface UdpPeerOptions {
  /**
   * Keep this peer's datagrams out of the wire trace (its timeouts still
   * show). For peers behind a relay: the relay draws their arrows when they
   * reach the other side, with what the network did to them, and a second
   * arrow per datagram from the peer itself would only repeat it.
   */
  quiet?: boolean;
}

/**
 * A peer socket, closed after the test. `name` is its lane in the wire trace;
 * `other` the lane of whatever it talks to (the learner's code, or a relay).
 */
export async function createUdpPeer(host = LOOPBACK, name = 'peer', other = 'your code', options: UdpPeerOptions = {}): Promise<UdpPeer> {
  const quiet = options.quiet ?? false;
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const inbox: Datagram[] = [];
  const waiters: Array<(d: Datagram) => void> = [];
  socket.on('message', (data, from) => {
    if (!quiet) trace().record('datagram', other, name, data);
    const waiter = waiters.shift();
    if (waiter) waiter({ data, from });
    else inbox.push({ data, from });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  let closed = false;
  onCleanup(() => {
    if (!closed) socket.close();
    closed = true;
  });
  return {
    socket,
    port: socket.address().port,
    send: (data, port, toHost = host) => {
      if (!quiet) trace().record('datagram', name, other, data);
      return new Promise((resolve, reject) => socket.send(data, port, toHost, (error) => (error ? reject(error) : resolve())));
    },
    next(timeoutMs = 1_000) {
      const queued = inbox.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve) => {
        const waiter = (d: Datagram) => {
          clearTimeout(timer);
          resolve(d);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          trace().record('timeout', name, undefined, undefined, `no datagram within ${timeoutMs} ms`);
          resolve(null);
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close() {
      if (!closed) socket.close();
      closed = true;
    },
  };
}
