/**
 * startProgram runs a learner's file as its own process: the test talks to it
 * over stdin/stdout, and stop() takes it and everything it started.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCleanup } from '../../testkit/cleanup.ts';
import { leftoverResources, snapshotResources } from '../../testkit/harness/hygiene.ts';
import { startProgram } from '../../testkit/harness/program.ts';
import { startTrace } from '../../testkit/harness/trace-recorder.ts';

beforeEach(() => {
  startTrace();
});
afterEach(runCleanup);

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', `${name}.ts`);

/** Alive and not a zombie: an orphan killed here is reaped by whatever init the machine runs, and that may take seconds. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    // No /proc (not Linux): a signal that could be delivered is all we know.
    return process.platform !== 'linux';
  }
}

/** Wait until none of `pids` is alive (killed processes take a moment to be reaped), or the deadline. */
async function allGone(pids: number[], timeoutMs = 3_000): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || performance.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startProgram', () => {
  test('runs a program, types lines into it and reads what it prints', async () => {
    const program = startProgram([], { file: fixture('shout'), name: 'the shouter' });
    await program.waitForOutput(/^ready/m);
    program.writeLine('hello');
    program.writeLine('grüße');
    const match = await program.waitForOutput(/SHOUT: GRÜSSE\n/);
    expect(match[0]).toBe('SHOUT: GRÜSSE\n');
    expect(program.output).toContain('SHOUT: HELLO\n');
  });

  test('stop() kills the program and the child it started', async () => {
    const program = startProgram([], { file: fixture('shout') });
    const [, pid, child] = (await program.waitForOutput(/pid=(\d+) child=(\d+)/)).map(Number);
    expect([pid!, child!].every(isAlive)).toBe(true);
    program.stop();
    expect(await program.exited).toBeNull(); // killed by a signal, no exit code
    expect(await allGone([pid!, child!])).toEqual([]);
  });

  test('stop() also kills a child left running by a program that has already exited', async () => {
    const program = startProgram([], { file: fixture('orphan') });
    const [, pid, child] = (await program.waitForOutput(/pid=(\d+) child=(\d+)/)).map(Number);
    expect(await program.exited).toBe(0);
    expect(isAlive(child!)).toBe(true);
    program.stop();
    expect(await allGone([pid!, child!])).toEqual([]);
  });

  test('cleanup stops a program the test forgot, and leaves no process or pipe behind', async () => {
    snapshotResources();
    const program = startProgram([], { file: fixture('shout') });
    const [, pid, child] = (await program.waitForOutput(/pid=(\d+) child=(\d+)/)).map(Number);
    await runCleanup();
    expect(await allGone([pid!, child!])).toEqual([]);
    expect(await leftoverResources()).toEqual([]);
  });

  test('waitForOutput reads everything a program printed before it exited', async () => {
    const program = startProgram([], { file: fixture('print-and-exit') });
    const match = await program.waitForOutput(/the last line/, 5_000);
    expect(match[0]).toBe('the last line');
    expect(await program.exited).toBe(3);
  });

  test('waitForOutput explains a program that exits without printing what was awaited', async () => {
    const program = startProgram([], { file: fixture('print-and-exit'), name: 'the printer' });
    await expect(program.waitForOutput(/never printed/, 5_000)).rejects.toThrow(/the printer exited \(code 3\) before printing \/never printed\//);
    // Typing into a program that has gone must not crash the test run.
    program.writeLine('anyone there?');
  });

  test('waitForOutput explains a timeout with what the program printed', async () => {
    const program = startProgram([], { file: fixture('shout'), name: 'the shouter' });
    await program.waitForOutput(/^ready/m);
    await expect(program.waitForOutput(/never printed/, 100)).rejects.toThrow(/Waited 100 ms for the shouter to print something matching \/never printed\/\.\n {2}it printed: "ready pid=/);
  });
});
