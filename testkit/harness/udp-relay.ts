/**
 * A UDP relay between test peers and the learner's socket that behaves like
 * a bad network, per direction: it drops, duplicates, reorders and delays
 * datagrams, all from the test's seeded generator, and records each fate in
 * the wire trace. Each peer gets its own upstream socket, so the learner's
 * code sees distinct source ports, as it would from distinct hosts.
 *
 * Replays are exact: every path (one peer, one direction) draws its fates
 * from a generator of its own, seeded in the order the test asks for peers,
 * and every datagram draws the same number of values whatever happens to it.
 * So the n-th datagram from "alice" meets the same fate on every run with the
 * same seed, however the event loop happens to interleave the peers. (One
 * thing does depend on time: a datagram is only held back when none is
 * already waiting on its path, and a held one waits at most `holdMs`. Drops
 * and duplicates never depend on time; hold-backs replay exactly as long as
 * the datagrams of a path follow each other within `holdMs`.)
 *
 * The relay also keeps the books a judge needs: for each peer, every datagram
 * it handed to the learner's code (copies included) and every datagram the
 * learner's code sent back to that peer's port — before the network's fates
 * on the way back, which are the network's doing, not the learner's.
 */
import dgram from 'node:dgram';
import { onCleanup } from '../cleanup.ts';
import { printable } from '../explain.ts';
import { createRandom, type Random } from '../seed.ts';
import { createUdpPeer, type UdpPeer } from '../udp.ts';
import { trace } from './trace-recorder.ts';
import { LOOPBACK } from './tcp-peer.ts';

/**
 * How long a held-back datagram waits for a later one to overtake it before
 * it goes anyway: long enough for a burst to overtake it, short enough that
 * the last datagram of a test is not kept from its reply for long.
 */
const DEFAULT_HOLD_MS = 50;
/** How long `waitFor` waits unless told otherwise. */
const DEFAULT_WAIT_MS = 1_000;

export interface LinkConditions {
  /** Probability that a datagram is dropped. */
  loss?: number;
  /** Probability that a datagram is delivered twice. */
  duplicate?: number;
  /** Probability that a datagram is held back and delivered after the next one on its path. */
  reorder?: number;
  /** Extra delay per datagram, chosen between these bounds (ms). */
  delayMs?: readonly [number, number];
  /** How long a held-back datagram waits for another to overtake it (ms); default 50. */
  holdMs?: number;
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

export type Direction = 'toTarget' | 'fromTarget';

/** What the network did to one datagram. */
export interface Fate {
  direction: Direction;
  /** The peer's lane. */
  peer: string;
  /** Position of the datagram on its path, in this direction (0 = first). */
  index: number;
  size: number;
  dropped: boolean;
  duplicated: boolean;
  /** Held back so that the next datagram on its path overtakes it. */
  heldBack: boolean;
  delayMs: number;
}

/** One peer's path through the relay, with the books a judge needs. */
export interface RelayPath {
  /** The peer's lane in the trace. */
  readonly name: string;
  /** The port the learner's code sees this peer's datagrams come from. */
  readonly port: number;
  /** Every datagram handed to the learner's code for this peer, copies included, in delivery order. */
  readonly delivered: readonly Buffer[];
  /** Every datagram the learner's code sent to this peer's port, in arrival order (before the way back's fates). */
  readonly answered: readonly Buffer[];
}

export interface UdpRelay {
  /** Peers send here instead of to the learner's port. */
  port: number;
  /**
   * A named peer whose datagrams go through the relay: send them to
   * `relay.port`. The relay draws its arrows in the trace (when they reach
   * the other side, with their fates), so the peer itself stays quiet.
   */
  peer(name: string): Promise<UdpPeer>;
  /** The paths so far, in the order their sockets were opened (find one by `name`). */
  readonly paths: readonly RelayPath[];
  /** Every fate drawn so far, in the order the datagrams reached the relay. */
  readonly fates: readonly Fate[];
  /** True when nothing is held back, delayed or waiting for a path in either direction. */
  readonly idle: boolean;
  /**
   * Resolve true as soon as `condition()` holds — checked after every move of
   * the relay — or false when `timeoutMs` passes first. Never rejects.
   */
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<boolean>;
  /**
   * A peer on a port the learner's code has never seen, talking to it
   * directly, not through the relay (a stray or spoofed packet). It records
   * its own arrows; its `next()` reads what comes back to that port.
   */
  stranger(name?: string): Promise<UdpPeer>;
  /** Send a datagram to the learner's code from a port it has never seen; resolves with that port. */
  sendFromStrangePort(data: Buffer, name?: string): Promise<number>;
  close(): void;
}

interface Link {
  direction: Direction;
  conditions: LinkConditions;
  random: Random;
  count: number;
  held: (() => void) | undefined;
}

interface Path extends RelayPath {
  name: string;
  port: number;
  delivered: Buffer[];
  answered: Buffer[];
  upstream: dgram.Socket;
  /** Where the peer sends from: replies go back there. */
  peerPort: number;
  peerAddress: string;
  toTarget: Link;
  fromTarget: Link;
}

function bind(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, LOOPBACK, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

export async function createUdpRelay(options: RelayOptions): Promise<UdpRelay> {
  const { target } = options;
  const targetHost = target.host ?? LOOPBACK;
  const targetName = options.targetName ?? 'your code';
  // Each path's generators are seeded from this one, in the order paths are made.
  const pathSeeds = createRandom(options.random.int(0, 0xffff_ffff));
  const front = dgram.createSocket('udp4');
  const sockets: dgram.Socket[] = [front];
  const paths: Path[] = [];
  const byPeer = new Map<string, Promise<Path>>();
  const fates: Fate[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const listeners = new Set<() => void>();
  let pending = 0;
  let closed = false;

  const changed = () => {
    for (const listener of [...listeners]) listener();
  };

  /** A socket error (an oversized datagram, say) is the network's problem: note it, never crash the test run. */
  const tolerate = (socket: dgram.Socket, lane: string) =>
    socket.on('error', (error: NodeJS.ErrnoException) => trace().record('note', lane, undefined, undefined, `relay: ${error.code ?? error.message}`));
  tolerate(front, 'relay');
  await bind(front);

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return timer;
  };

  /** Apply one direction's conditions to a datagram, then `deliver` it (maybe twice, late, or never). */
  const pass = (link: Link, path: Path, data: Buffer, from: string, to: string, deliver: () => void) => {
    const { loss = 0, duplicate = 0, reorder = 0, delayMs, holdMs = DEFAULT_HOLD_MS } = link.conditions;
    // Draw every value whatever the outcome, so one datagram's fate never shifts the next one's.
    const lost = link.random.next() < loss;
    const twice = link.random.next() < duplicate;
    const wantsHold = link.random.next() < reorder;
    const delay = delayMs ? link.random.int(delayMs[0], delayMs[1]) : 0;
    const heldBack = !lost && wantsHold && link.held === undefined;
    fates.push({ direction: link.direction, peer: path.name, index: link.count++, size: data.length, dropped: lost, duplicated: !lost && twice, heldBack, delayMs: lost ? 0 : delay });
    if (lost) {
      trace().record('drop', from, to, data);
      changed();
      return;
    }
    const send = () => {
      if (closed) return;
      trace().record('datagram', from, to, data);
      deliver();
      if (twice) {
        trace().record('duplicate', from, to, data);
        deliver();
      }
      changed();
    };
    pending += 1;
    const go = () => {
      if (delay > 0) {
        later(delay, () => {
          pending -= 1;
          send();
        });
      } else {
        pending -= 1;
        send();
      }
    };
    if (link.held) {
      const earlier = link.held;
      link.held = undefined;
      go();
      earlier();
    } else if (heldBack) {
      const what = data.length === 0 ? 'an empty datagram' : `"${printable(data, 16)}"`;
      trace().record('note', from, undefined, undefined, `network holds back ${what}: it arrives after the next one`);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        timers.delete(timer);
        go();
      };
      link.held = release;
      // Never hold a datagram forever when no other comes along to overtake it.
      const timer = later(holdMs, () => {
        if (link.held === release) link.held = undefined;
        release();
      });
    } else go();
  };

  const newLink = (direction: Direction, conditions: LinkConditions | undefined, seed: number): Link => ({
    direction,
    conditions: conditions ?? {},
    random: createRandom(seed),
    count: 0,
    held: undefined,
  });

  /** Seeds for a new path's two directions, drawn when the path is asked for, so paths asked for in the same order replay alike. */
  const drawSeeds = (): [number, number] => [pathSeeds.int(0, 0xffff_ffff), pathSeeds.int(0, 0xffff_ffff)];

  /** Open the upstream socket of a new path. */
  const openPath = async (name: string, peerAddress: string, peerPort: number, [toSeed, fromSeed]: [number, number]): Promise<Path> => {
    const upstream = dgram.createSocket('udp4');
    sockets.push(upstream);
    tolerate(upstream, name);
    await bind(upstream);
    const path: Path = {
      name,
      port: upstream.address().port,
      delivered: [],
      answered: [],
      upstream,
      peerAddress,
      peerPort,
      toTarget: newLink('toTarget', options.toTarget, toSeed),
      fromTarget: newLink('fromTarget', options.fromTarget, fromSeed),
    };
    paths.push(path);
    upstream.on('message', (reply) => {
      path.answered.push(reply);
      pass(path.fromTarget, path, reply, targetName, name, () => front.send(reply, path.peerPort, path.peerAddress));
      changed();
    });
    return path;
  };

  const pathFor = (address: string, port: number, name?: string, seeds?: [number, number]): Promise<Path> => {
    const key = `${address}:${port}`;
    let path = byPeer.get(key);
    if (!path) {
      // Registered before the first await, so a second datagram from the same new peer finds the same path.
      path = openPath(name ?? `peer ${byPeer.size + 1}`, address, port, seeds ?? drawSeeds());
      byPeer.set(key, path);
    }
    return path;
  };

  // Datagrams are handled strictly in arrival order, even while a new path's socket is still binding.
  let queue: Promise<void> = Promise.resolve();
  front.on('message', (data, peer) => {
    pending += 1;
    queue = queue.then(async () => {
      const path = await pathFor(peer.address, peer.port);
      pending -= 1;
      if (closed) return;
      pass(path.toTarget, path, data, path.name, targetName, () => {
        path.delivered.push(data);
        path.upstream.send(data, target.port, targetHost);
      });
      changed();
    });
  });

  const close = () => {
    if (closed) return;
    closed = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const socket of sockets) {
      try {
        socket.close();
      } catch {
        // Not bound yet or already closed.
      }
    }
    changed();
  };
  onCleanup(close);

  const stranger = async (name = 'stranger'): Promise<UdpPeer> => createUdpPeer(LOOPBACK, name, targetName);

  return {
    port: front.address().port,
    async peer(name) {
      // Drawn before the first await: peers asked for together (Promise.all) still get their seeds in the order asked.
      const seeds = drawSeeds();
      const peer = await createUdpPeer(LOOPBACK, name, 'relay', { quiet: true });
      await pathFor(LOOPBACK, peer.port, name, seeds);
      return peer;
    },
    get paths() {
      return paths;
    },
    get fates() {
      return fates;
    },
    get idle() {
      return pending === 0 && paths.every((path) => !path.toTarget.held && !path.fromTarget.held);
    },
    waitFor(condition, timeoutMs = DEFAULT_WAIT_MS) {
      return new Promise((resolve) => {
        if (condition()) return resolve(true);
        const check = () => {
          if (!condition()) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          resolve(condition());
        }, timeoutMs);
        listeners.add(check);
      });
    },
    stranger,
    async sendFromStrangePort(data, name = 'stranger') {
      const peer = await stranger(name);
      await peer.send(data, target.port, targetHost);
      return peer.port;
    },
    close,
  };
}
