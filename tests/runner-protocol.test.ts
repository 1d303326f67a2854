/**
 * The terminal protocol over a real WebSocket to a real runner, running real
 * programs in real ptys: start, stream, input, resize, kill, timeouts,
 * disconnects, flow control, output caps and fast exits.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadExercises } from '../runner/exercises.ts';
import { isAlive } from '../runner/process-tree.ts';
import { startTestRunner, type TestRunner } from './support/test-runner.ts';
import { TerminalClient } from './support/terminal-client.ts';

/** Any exercise works: a "program" session runs the learner's file, whatever it holds. */
const EXERCISE = loadExercises()[0]!.id;
const programs = path.join(import.meta.dirname, 'fixtures', 'programs');

let runner: TestRunner | undefined;
let client: TerminalClient | undefined;
afterEach(async () => {
  client?.close();
  await runner?.close();
  runner = client = undefined;
});

async function runProgram(fixture: string, limits = {}, start: Record<string, unknown> = {}): Promise<TerminalClient> {
  runner = await startTestRunner({ limits });
  const target = path.join(runner.workspaceDir, EXERCISE, 'solution.ts');
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(path.join(programs, fixture), target);
  client = await TerminalClient.connect(runner);
  client.send({ type: 'start', session: 1, kind: 'program', exercise: EXERCISE, cols: 80, rows: 24, ...start });
  return client;
}

async function pidsFrom(c: TerminalClient): Promise<number[]> {
  await c.until(() => /pids=\d+,\d+/.test(c.text(1)), 15_000, 'the program to print its pids');
  return /pids=(\d+),(\d+)/.exec(c.text(1))!.slice(1).map(Number);
}

async function allGone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 50 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
  return !pids.some(isAlive);
}

describe('terminal protocol', () => {
  test('refuses any message before hello, then closes', async () => {
    runner = await startTestRunner();
    client = await TerminalClient.connect(runner, false);
    client.send({ type: 'start', session: 1, kind: 'shell', exercise: EXERCISE });
    const error = await client.waitFor((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'BAD_HELLO' });
    await new Promise((resolve) => client!.ws.once('close', resolve));
  });

  test('streams a program’s output, multi-byte characters intact, then its exit code', async () => {
    const c = await runProgram('hello-exit.ts');
    expect(await c.waitFor((m) => m.type === 'started')).toMatchObject({ session: 1, kind: 'program' });
    const exit = await c.exitOf(1);
    expect(exit.code).toBe(3);
    expect(c.text(1)).toContain('hello ✓ from the program');
  });

  test('passes input to the program', async () => {
    const c = await runProgram('upper-input.ts');
    await c.until(() => c.text(1).includes('ready>'), 15_000, 'the prompt');
    c.send({ type: 'input', session: 1, data: 'sockets\r' });
    await c.until(() => c.text(1).includes('UPPER:SOCKETS'), 5_000, 'the answer');
    c.send({ type: 'kill', session: 1 });
    expect((await c.exitOf(1)).reason).toBe('killed');
  });

  test('resizes the terminal, clamping absurd sizes', async () => {
    const c = await runProgram('report-size.ts');
    await c.until(() => c.text(1).includes('size=80x24'), 15_000, 'the first size report');
    c.send({ type: 'resize', session: 1, cols: 123, rows: 40 });
    await c.until(() => c.text(1).includes('size=123x40'), 5_000, 'the resized report');
    c.send({ type: 'resize', session: 1, cols: 1_000_000, rows: 0 });
    await c.until(() => c.text(1).includes('size=500x5'), 5_000, 'the clamped report');
  });

  test('kill stops the program and every process it started', async () => {
    const c = await runProgram('sleep-with-child.ts');
    const pids = await pidsFrom(c);
    expect(pids.every(isAlive)).toBe(true);
    c.send({ type: 'kill', session: 1 });
    expect((await c.exitOf(1)).reason).toBe('killed');
    expect(await allGone(pids)).toBe(true);
  });

  test('the wall-clock limit stops a program that runs too long, and says so', async () => {
    const c = await runProgram('sleep-with-child.ts', { programMs: 1500 });
    const pids = await pidsFrom(c);
    expect((await c.exitOf(1)).reason).toBe('timeout');
    expect(c.text(1)).toContain('time limit');
    expect(await allGone(pids)).toBe(true);
  });

  test('closing the page stops its programs', async () => {
    const c = await runProgram('sleep-with-child.ts');
    const pids = await pidsFrom(c);
    c.close();
    expect(await allGone(pids)).toBe(true);
  });

  test('flow control: an unacknowledged flood pauses near the high watermark and resumes on ack', async () => {
    const high = 100_000;
    const c = await runProgram('flood.ts', { highWatermark: high, lowWatermark: 10_000, outputCapBytes: 50_000_000 }, {});
    c.autoAck = false;
    await c.until(() => c.bytes(1).length > high, 15_000, 'output past the high watermark');
    // Let whatever was already read drain, then the stream must stand still.
    await new Promise((r) => setTimeout(r, 500));
    const paused = c.bytes(1).length;
    await new Promise((r) => setTimeout(r, 700));
    expect(c.bytes(1).length).toBe(paused);
    // One pty read is at most a few tens of KiB: nothing like an unbounded flood got through.
    expect(paused).toBeLessThan(high + 256 * 1024);
    c.send({ type: 'ack', session: 1, bytes: paused });
    await c.until(() => c.bytes(1).length > paused + high / 2, 5_000, 'output to resume after the ack');
    c.send({ type: 'kill', session: 1 });
    await c.exitOf(1);
  });

  test('the output cap stops a flood and says so in the terminal', async () => {
    const c = await runProgram('flood.ts', { outputCapBytes: 200_000 });
    const exit = await c.exitOf(1);
    expect(exit.reason).toBe('output-limit');
    expect(c.text(1)).toContain('output limit');
  });

  test('the last output of a program that exits at once is not lost', async () => {
    const c = await runProgram('burst-then-exit.ts');
    await c.exitOf(1);
    const text = c.text(1);
    expect(text.indexOf('€'.repeat(66_666) + '..')).toBeGreaterThanOrEqual(0);
    expect(text).not.toContain('\uFFFD');
  });

  test('programs get an allowlisted environment, without the runner’s secrets', async () => {
    process.env.SOCKETS_LAB_CANARY = 'must-not-leak';
    try {
      const c = await runProgram('print-env.ts');
      await c.exitOf(1);
      const env = JSON.parse(/ENV=(\{.*\})/.exec(c.text(1).replace(/\r?\n/g, ''))![1]!) as Record<string, string>;
      expect(env.SOCKETS_LAB_CANARY).toBeUndefined();
      expect(JSON.stringify(env)).not.toContain(runner!.token);
      expect(env.PATH).toBeTruthy();
    } finally {
      delete process.env.SOCKETS_LAB_CANARY;
    }
  });

  test('a shell opens in the exercise folder', async () => {
    runner = await startTestRunner();
    client = await TerminalClient.connect(runner);
    client.send({ type: 'start', session: 7, kind: 'shell', exercise: EXERCISE, cols: 80, rows: 24 });
    await client.waitFor((m) => m.type === 'started');
    client.send({ type: 'input', session: 7, data: 'echo "in:$(pwd)" $((40+2))\r' });
    const folder = path.join(runner.workspaceDir, EXERCISE);
    await client.until(() => client!.text(7).includes(`in:${folder} 42`), 10_000, 'the shell to answer');
    client.send({ type: 'kill', session: 7 });
    await client.exitOf(7);
  });

  test('invalid and unknown messages get errors with codes, and oversized ones close the connection', async () => {
    runner = await startTestRunner({ limits: { maxMessageBytes: 1024 } });
    client = await TerminalClient.connect(runner);
    client.ws.send('not json');
    await client.waitFor((m) => m.type === 'error' && m.code === 'BAD_MESSAGE');
    client.send({ type: 'input', session: 9, data: 'x' });
    await client.waitFor((m) => m.type === 'error' && m.code === 'NO_SESSION');
    client.send({ type: 'start', session: 1, kind: 'shell', exercise: 'no-such-exercise' });
    await client.waitFor((m) => m.type === 'error' && m.code === 'EXERCISE_UNKNOWN');
    const closed = new Promise<number>((resolve) => client!.ws.once('close', resolve));
    client.send({ type: 'input', session: 1, data: 'x'.repeat(4096) });
    expect(await closed).toBe(1009);
  });
});
