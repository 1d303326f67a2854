/**
 * The wire trace: capped so a flood cannot bloat a check result, always valid
 * against the schema the page draws from, with the learner's lane on the right.
 */
import { describe, expect, test } from 'vitest';
import { traceSchema } from '../../schema/trace.ts';
import { startTrace, trace, TraceRecorder } from '../../testkit/harness/trace-recorder.ts';

describe('TraceRecorder', () => {
  test('keeps the first 400 events and counts the rest as omitted', () => {
    const recorder = new TraceRecorder();
    for (let i = 0; i < 450; i++) recorder.record('datagram', 'alice', 'your server', Buffer.from(`#${i}`));
    const recorded = recorder.toTrace();
    expect(recorded.events).toHaveLength(400);
    expect(recorded.events.at(-1)!.label).toBe('#399');
    expect(recorded.omitted).toBe(50);
    expect(traceSchema.safeParse(recorded).success).toBe(true);
  });

  test('a trace with every kind of event validates against the schema', () => {
    const recorder = new TraceRecorder();
    recorder.record('connect', 'client 1', 'your server');
    recorder.record('data', 'client 1', 'your server', Buffer.from([0, 1, 2, 0xff]));
    recorder.record('datagram', 'alice', 'your server', Buffer.alloc(0));
    recorder.record('segment', 'client 1', 'your server', undefined, 'SYN seq=x');
    recorder.record('fin', 'client 1', 'your server');
    recorder.record('rst', 'your server', 'client 1');
    recorder.record('drop', 'alice', 'your server', Buffer.from('lost'));
    recorder.record('duplicate', 'alice', 'your server', Buffer.from('twice'));
    recorder.record('timeout', 'alice', undefined, undefined, 'waited 60 ms');
    recorder.record('note', 'test', undefined, undefined, 'types "hello"');
    const result = traceSchema.safeParse(recorder.toTrace());
    expect(result.success, result.success ? '' : result.error.message).toBe(true);
    const events = recorder.toTrace().events;
    expect(events[1]).toMatchObject({ kind: 'data', size: 4, label: '\\x00\\x01\\x02\\xff' });
    expect(events[2]).toMatchObject({ kind: 'datagram', size: 0, label: '' });
    expect(events.every((e, i) => i === 0 || e.t >= events[i - 1]!.t)).toBe(true);
  });

  test('draws the learner’s lane last, whatever order lanes appeared in', () => {
    const recorder = new TraceRecorder();
    recorder.record('datagram', 'your server', 'bob', Buffer.from('x'));
    recorder.record('datagram', 'alice', 'your server', Buffer.from('y'));
    expect(recorder.toTrace().lanes).toEqual(['bob', 'alice', 'your server']);
  });

  test('cuts long labels to the schema’s limit instead of producing an invalid trace', () => {
    const recorder = new TraceRecorder();
    recorder.record('note', 'test', undefined, undefined, `types "${'a'.repeat(500)}"`);
    const recorded = recorder.toTrace();
    expect(recorded.events[0]!.label!.length).toBe(120);
    expect(recorded.events[0]!.label!.endsWith('…')).toBe(true);
    expect(traceSchema.safeParse(recorded).success).toBe(true);
  });

  test('past 12 lanes it keeps the learner’s lane, and leaves out (and counts) events of lanes it cannot draw', () => {
    const recorder = new TraceRecorder();
    for (let i = 1; i <= 14; i++) recorder.record('datagram', `peer ${i}`, 'your server', Buffer.from(`${i}`));
    const recorded = recorder.toTrace();
    expect(recorded.lanes).toHaveLength(12);
    expect(recorded.lanes.at(-1)).toBe('your server');
    expect(recorded.events).toHaveLength(11);
    expect(recorded.omitted).toBe(3);
    expect(traceSchema.safeParse(recorded).success).toBe(true);
  });

  test('startTrace() gives every test a fresh recorder that trace() then returns', () => {
    const first = startTrace();
    trace().record('note', 'test', undefined, undefined, 'one');
    const second = startTrace();
    expect(trace()).toBe(second);
    expect(second.isEmpty).toBe(true);
    expect(first.isEmpty).toBe(false);
  });
});

test('a long run of chunks from the learner’s code folds into one counted arrow; the tests’ own writes never fold', () => {
  const recorder = startTrace();
  for (let i = 0; i < 10; i++) recorder.record('data', 'your server', 'client 1', Buffer.alloc(1000));
  for (let i = 0; i < 10; i++) recorder.record('data', 'client 1', 'your server', Buffer.alloc(10));
  const events = recorder.toTrace().events;
  const fromServer = events.filter((e) => e.from === 'your server');
  expect(fromServer).toHaveLength(5);
  expect(fromServer.at(-1)).toMatchObject({ size: 6000, label: '… 6 more chunks' });
  expect(fromServer.reduce((sum, e) => sum + (e.size ?? 0), 0)).toBe(10_000);
  expect(events.filter((e) => e.from === 'client 1')).toHaveLength(10);
});
