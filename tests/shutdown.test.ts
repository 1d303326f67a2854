/** Stopping the runner with Ctrl-C (SIGINT) leaves no process behind: not the warm check host, not a learner's program. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { descendants, isAlive } from '../runner/process-tree.ts';

test('Ctrl-C stops the runner and every process it started', async () => {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-stop-'));
  const runner = spawn(process.execPath, ['--import', 'tsx', 'runner/cli.ts', 'start', '--port', '0', '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    runner.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      runner.stdout.on('data', (text: string) => {
        output += text;
        if (output.includes('Press Ctrl-C to stop')) resolve();
      });
      runner.once('exit', (code) => reject(new Error(`the runner exited early (${code}): ${output}`)));
    });
    // The warm check host (and its test worker) come up shortly after the runner says it is ready.
    let children: number[] = [];
    for (let i = 0; i < 100 && children.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      children = descendants(runner.pid!);
    }
    expect(children.length).toBeGreaterThanOrEqual(2);
    runner.kill('SIGINT');
    await new Promise((resolve) => runner.once('exit', resolve));
    for (let i = 0; i < 30 && children.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(children.filter(isAlive)).toEqual([]);
  } finally {
    runner.kill('SIGKILL');
    await rm(workspace, { recursive: true, force: true });
  }
});
