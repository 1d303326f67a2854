/**
 * The UDP relay between test peers and a tiny real echo server on loopback:
 * what it does to datagrams must really happen on the wire, be recorded, and
 * replay identically from the same seed.
 */
import dgram from 'node:dgram';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { onCleanup, runCleanup } from '../../testkit/cleanup.ts';
import { leftoverResources, snapshotResources } from '../../testkit/harness/hygiene.ts';
import { startTrace, type TraceRecorder } from '../../testkit/harness/trace-recorder.ts';
import { createUdpRelay, type LinkConditions } from '../../testkit/harness/udp-relay.ts';
import { createRandom } from '../../testkit/seed.ts';

const TARGET = 'your server';

let recorder: TraceRecorder;
beforeEach(() => {
  recorder = startTrace();
});
afterEach(runCleanup);

interface Arrival {
  data: Buffer;
  port: number;
}

interface Target {
  port: number;
  arrivals: Arrival[];
  /** Resolves true once `count` datagrams have arrived, false after `timeoutMs`. */
  received(count: number, timeoutMs?: number): Promise<boolean>;
}

/** A real echo server standing in for the learner's code; it notes every arrival and its source port. */
async function startTarget({ echo = true } = {}): Promise<Target> {
  const socket = dgram.createSocket('udp4');
  const arrivals: Arrival[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data, from) => {
    arrivals.push({ data, port: from.port });
    if (echo) socket.send(data, from.port, from.address);
    for (const waiter of [...waiters]) waiter();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  onCleanup(() => socket.close());
  return {
    port: socket.address().port,
    arrivals,
    received: (count, timeoutMs = 1_000) =>
      new Promise((resolve) => {
        const check = () => {
          if (arrivals.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(arrivals.length >= count);
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

/** A few turns of the event loop and a moment more: long enough for a datagram already sent on loopback to arrive. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

const numbered = (count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`#${i + 1}`));

describe('createUdpRelay', () => {
  test('loss 1.0 drops every datagram and records each drop', async () => {
    const target = await startTarget();
    const relay = await createUdpRelay({ target, random: createRandom(1), toTarget: { loss: 1 }, targetName: TARGET });
    const alice = await relay.peer('alice');
    for (const data of numbered(5)) await alice.send(data, relay.port);
    expect(await relay.waitFor(() => relay.fates.length === 5)).toBe(true);
    await settle();
    expect(target.arrivals).toEqual([]);
    expect(relay.fates.every((fate) => fate.dropped)).toBe(true);
    const drops = recorder.toTrace().events.filter((e) => e.kind === 'drop');
    expect(drops.map((e) => [e.from, e.to, e.label])).toEqual(numbered(5).map((d) => ['alice', TARGET, d.toString()]));
  });

  test('duplicate 1.0 delivers every datagram twice, and both copies are answered', async () => {
    const target = await startTarget();
    const relay = await createUdpRelay({ target, random: createRandom(2), toTarget: { duplicate: 1 }, targetName: TARGET });
    const alice = await relay.peer('alice');
    const sent = numbered(4);
    for (const data of sent) await alice.send(data, relay.port);
    const path = relay.paths[0]!;
    expect(await relay.waitFor(() => path.answered.length === 8)).toBe(true);
    expect(target.arrivals.map((a) => a.data.toString())).toEqual(['#1', '#1', '#2', '#2', '#3', '#3', '#4', '#4']);
    expect(path.delivered.map(String)).toEqual(target.arrivals.map((a) => a.data.toString()));
    const replies = [];
    for (let i = 0; i < 8; i++) replies.push((await alice.next(1_000))?.data.toString());
    expect(replies).toEqual(['#1', '#1', '#2', '#2', '#3', '#3', '#4', '#4']);
    // The peer is quiet: one arrow per delivered copy, drawn by the relay, none repeated by the peer.
    const events = recorder.toTrace().events.filter((e) => e.from === 'alice');
    expect(events.map((e) => e.kind)).toEqual(['datagram', 'duplicate', 'datagram', 'duplicate', 'datagram', 'duplicate', 'datagram', 'duplicate']);
  });

  test('reorder 1.0 holds each datagram back until the next one has overtaken it', async () => {
    const target = await startTarget({ echo: false });
    // A long hold, so even a slow machine sends the next datagram before the held one gives up waiting.
    const relay = await createUdpRelay({ target, random: createRandom(3), toTarget: { reorder: 1, holdMs: 2_000 }, targetName: TARGET });
    const alice = await relay.peer('alice');
    for (const data of numbered(4)) await alice.send(data, relay.port);
    expect(await target.received(4)).toBe(true);
    expect(target.arrivals.map((a) => a.data.toString())).toEqual(['#2', '#1', '#4', '#3']);
    expect(relay.fates.map((f) => f.heldBack)).toEqual([true, false, true, false]);
  });

  test('a held datagram with nothing to overtake it still goes, after holdMs', async () => {
    const target = await startTarget();
    const relay = await createUdpRelay({ target, random: createRandom(3), toTarget: { reorder: 1, holdMs: 40 }, targetName: TARGET });
    const alice = await relay.peer('alice');
    const started = performance.now();
    await alice.send(Buffer.from('alone'), relay.port);
    expect(await target.received(1)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(relay.idle).toBe(true);
  });

  test('delay: each datagram arrives no sooner than the delay drawn for it', async () => {
    const target = await startTarget({ echo: false });
    const relay = await createUdpRelay({ target, random: createRandom(4), toTarget: { delayMs: [30, 60] }, targetName: TARGET });
    const alice = await relay.peer('alice');
    const started = performance.now();
    await alice.send(Buffer.from('slow'), relay.port);
    expect(await relay.waitFor(() => relay.fates.length === 1)).toBe(true);
    expect(relay.idle, 'a delayed datagram is still on its way').toBe(false);
    expect(await target.received(1)).toBe(true);
    const fate = relay.fates[0]!;
    expect(fate.delayMs).toBeGreaterThanOrEqual(30);
    expect(fate.delayMs).toBeLessThanOrEqual(60);
    expect(performance.now() - started).toBeGreaterThanOrEqual(fate.delayMs - 2);
  });

  test('each peer reaches the target from a port of its own; a stranger from yet another, and hears back there', async () => {
    const target = await startTarget();
    const relay = await createUdpRelay({ target, random: createRandom(5), targetName: TARGET });
    const alice = await relay.peer('alice');
    const bob = await relay.peer('bob');
    await alice.send(Buffer.from('from alice'), relay.port);
    await bob.send(Buffer.from('from bob'), relay.port);
    expect(await target.received(2)).toBe(true);
    const [alicePath, bobPath] = relay.paths;
    expect(target.arrivals.map((a) => [a.data.toString(), a.port])).toEqual([
      ['from alice', alicePath!.port],
      ['from bob', bobPath!.port],
    ]);
    expect(alicePath!.port).not.toBe(bobPath!.port);

    const strangePort = await relay.sendFromStrangePort(Buffer.from('who am I?'), 'mallory');
    expect(await target.received(3)).toBe(true);
    const stray = target.arrivals[2]!;
    expect(stray.data.toString()).toBe('who am I?');
    expect(stray.port).toBe(strangePort);
    expect([alicePath!.port, bobPath!.port, relay.port]).not.toContain(strangePort);

    const stranger = await relay.stranger('eve');
    await stranger.send(Buffer.from('hello?'), target.port);
    const reply = await stranger.next(1_000);
    expect(reply?.data.toString()).toBe('hello?');
    expect(target.arrivals[3]!.port).toBe(stranger.port);
    const lanes = recorder.toTrace().lanes;
    expect(lanes).toEqual(['alice', 'bob', 'mallory', 'eve', TARGET]);
  });

  test('the same seed replays the same fates in both directions; another seed does not', async () => {
    // Hold-backs replay as long as a path's datagrams follow each other within holdMs: give a loaded machine room.
    const conditions: LinkConditions = { loss: 0.2, duplicate: 0.3, reorder: 0.3, holdMs: 200 };
    /** One run: 24 datagrams, alternately from alice and bob, through a relay seeded with `seed`. */
    const run = async (seed: number) => {
      const target = await startTarget();
      const relay = await createUdpRelay({ target, random: createRandom(seed), toTarget: conditions, fromTarget: conditions, targetName: TARGET });
      const peers = [await relay.peer('alice'), await relay.peer('bob')];
      for (let i = 0; i < 24; i++) await peers[i % 2]!.send(Buffer.from(`${i % 2 ? 'bob' : 'alice'} #${i}`), relay.port);
      const done = await relay.waitFor(() => {
        const answered = relay.paths.reduce((sum, p) => sum + p.answered.length, 0);
        return (
          relay.idle &&
          relay.fates.filter((f) => f.direction === 'toTarget').length === 24 &&
          relay.paths.every((p) => p.answered.length === p.delivered.length) &&
          relay.fates.filter((f) => f.direction === 'fromTarget').length === answered
        );
      }, 3_000);
      expect(done, 'the relay settled').toBe(true);
      relay.close();
      const fates = relay.fates.map(({ direction, peer, index, dropped, duplicated, heldBack }) => ({ direction, peer, index, dropped, duplicated, heldBack }));
      return { fates, target: target.arrivals.length };
    };
    const first = await run(7);
    const again = await run(7);
    const other = await run(8);
    expect(first.fates.filter((f) => f.dropped).length).toBeGreaterThan(0);
    expect(first.fates.filter((f) => f.duplicated).length).toBeGreaterThan(0);
    expect(first.fates.filter((f) => f.heldBack).length).toBeGreaterThan(0);
    expect(first.fates.filter((f) => f.direction === 'fromTarget').length).toBeGreaterThan(0);
    // Per path and direction, in order: which datagram was dropped, duplicated or held back.
    const byPath = (fates: typeof first.fates) => JSON.stringify([...fates].sort((a, b) => `${a.direction}${a.peer}`.localeCompare(`${b.direction}${b.peer}`) || a.index - b.index));
    expect(byPath(again.fates)).toBe(byPath(first.fates));
    expect(again.target).toBe(first.target);
    expect(byPath(other.fates)).not.toBe(byPath(first.fates));
  });

  test('the recorded trace replays too: the same drops, duplicates and hold-backs per lane', async () => {
    const conditions: LinkConditions = { loss: 0.25, duplicate: 0.25, reorder: 0.25, holdMs: 200 };
    const run = async (seed: number) => {
      const recorded = startTrace();
      const target = await startTarget({ echo: false });
      const relay = await createUdpRelay({ target, random: createRandom(seed), toTarget: conditions, targetName: TARGET });
      const alice = await relay.peer('alice');
      for (let i = 0; i < 30; i++) await alice.send(Buffer.from(`#${i}`), relay.port);
      expect(await relay.waitFor(() => relay.idle && relay.fates.length === 30, 3_000)).toBe(true);
      relay.close();
      return recorded
        .toTrace()
        .events.filter((e) => e.kind !== 'datagram')
        .map((e) => `${e.kind} ${e.from}→${e.to ?? ''} ${e.label}`);
    };
    const first = await run(21);
    expect(first.some((e) => e.startsWith('drop'))).toBe(true);
    expect(first.some((e) => e.startsWith('duplicate'))).toBe(true);
    expect(first.some((e) => e.startsWith('note'))).toBe(true);
    expect(await run(21)).toEqual(first);
    expect(await run(22)).not.toEqual(first);
  });

  test('closing the relay leaves no socket and no timer behind, even with a datagram held back', async () => {
    const target = await startTarget({ echo: false });
    snapshotResources();
    const relay = await createUdpRelay({ target, random: createRandom(6), toTarget: { reorder: 1, holdMs: 200 }, targetName: TARGET });
    const alice = await relay.peer('alice');
    await alice.send(Buffer.from('held'), relay.port);
    expect(await relay.waitFor(() => relay.fates.length === 1)).toBe(true);
    expect(relay.idle).toBe(false);
    relay.close();
    alice.close();
    expect(await leftoverResources()).toEqual([]);
    // The held datagram never goes out once the relay is closed.
    await new Promise((resolve) => setTimeout(resolve, 220));
    expect(target.arrivals).toEqual([]);
  });
});
