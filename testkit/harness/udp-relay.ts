/**
 * A UDP relay between test peers and the learner's socket that behaves like
 * a bad network, per direction: it drops, duplicates, reorders and delays
 * datagrams, all from the test's seeded generator, and records each fate in
 * the wire trace. Each peer gets its own upstream socket, so the learner's
 * code sees distinct source ports, as it would from distinct hosts.
 */
import dgram from 'node:dgram';
import { onCleanup } from '../cleanup.ts';
import type { Random } from '../seed.ts';
import { trace } from './trace-recorder.ts';
import { LOOPBACK } from './tcp-peer.ts';

export interface LinkConditions {
  /** Probability that a datagram is dropped. */
  loss?: number;
  /** Probability that a datagram is delivered twice. */
  duplicate?: number;
  /** Probability that a datagram is held back and delivered after the next one. */
  reorder?: number;
  /** Extra delay per datagram, chosen between these bounds (ms). */
  delayMs?: readonly [number, number];
}

export interface RelayOptions {
  /** Where the learner's code listens. */
  target: { port: number; host?: string };
  random: Random;
  /** Conditions for datagrams going to the learner's code. */
  toTarget?: LinkConditions;
  /** Conditions for datagrams coming back from the learner's code. */
  fromTarget?: LinkConditions;
  /** Lane of the learner's side in the trace. */
  targetName?: string;
}

interface Link {
  conditions: LinkConditions;
  held: (() => void) | undefined;
}

export interface UdpRelay {
  /** Peers send here instead of to the learner's port. */
  port: number;
  /** Send a datagram to the learner's code from a port it has never seen (a stray or spoofed packet). */
  sendFromStrangePort(data: Buffer, name?: string): Promise<number>;
  close(): void;
}

function bind(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, LOOPBACK, () => resolve());
  });
}

export async function createUdpRelay(options: RelayOptions): Promise<UdpRelay> {
  const { random, target } = options;
  const targetHost = target.host ?? LOOPBACK;
  const targetName = options.targetName ?? 'your code';
  const front = dgram.createSocket('udp4');
  await bind(front);
  const upstreams = new Map<string, { socket: dgram.Socket; name: string }>();
  const sockets: dgram.Socket[] = [front];

  /** Apply one direction's conditions to a datagram, then `deliver` it (maybe twice, late, or never). */
  const pass = (link: Link, data: Buffer, from: string, to: string, deliver: () => void) => {
    const { loss = 0, duplicate = 0, reorder = 0, delayMs } = link.conditions;
    if (random.next() < loss) {
      trace().record('drop', from, to, data);
      return;
    }
    const twice = random.next() < duplicate;
    const send = () => {
      trace().record('datagram', from, to, data);
      deliver();
      if (twice) {
        trace().record('duplicate', from, to, data);
        deliver();
      }
    };
    const delayed = delayMs ? () => setTimeout(send, random.int(delayMs[0], delayMs[1])) : send;
    if (link.held) {
      const earlier = link.held;
      link.held = undefined;
      delayed();
      earlier();
    } else if (random.next() < reorder) {
      link.held = delayed;
      // Never hold a datagram forever when no other comes along to overtake it.
      setTimeout(() => {
        if (link.held === delayed) {
          link.held = undefined;
          delayed();
        }
      }, 50);
    } else delayed();
  };

  const toTarget: Link = { conditions: options.toTarget ?? {}, held: undefined };
  const fromTarget: Link = { conditions: options.fromTarget ?? {}, held: undefined };

  front.on('message', async (data, peer) => {
    const key = `${peer.address}:${peer.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      const socket = dgram.createSocket('udp4');
      sockets.push(socket);
      await bind(socket);
      upstream = { socket, name: `peer ${upstreams.size + 1}` };
      upstreams.set(key, upstream);
      const name = upstream.name;
      socket.on('message', (reply) =>
        pass(fromTarget, reply, targetName, name, () => front.send(reply, peer.port, peer.address)),
      );
    }
    const { socket, name } = upstream;
    pass(toTarget, data, name, targetName, () => socket.send(data, target.port, targetHost));
  });

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const socket of sockets) socket.close();
  };
  onCleanup(close);

  return {
    port: front.address().port,
    async sendFromStrangePort(data, name = 'stranger') {
      const socket = dgram.createSocket('udp4');
      sockets.push(socket);
      await bind(socket);
      trace().record('datagram', name, targetName, data);
      await new Promise<void>((resolve) => socket.send(data, target.port, targetHost, () => resolve()));
      return socket.address().port;
    },
    close,
  };
}
