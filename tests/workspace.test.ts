/** The learner's files and progress: never overwritten, reset keeps a backup, progress survives a kill. */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadExercises, type Exercise } from '../runner/exercises.ts';
import { ProgressStore } from '../runner/progress.ts';
import { Workspace, WorkspaceError } from '../runner/workspace.ts';
import type { CheckResult } from '../schema/check-result.ts';

let dir: string;
let workspace: Workspace;
const exercise: Exercise = loadExercises()[0]!;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-ws-'));
  workspace = new Workspace(dir);
  await workspace.init();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function result(status: CheckResult['status']): CheckResult {
  return {
    exercise: exercise.id,
    status,
    tests: [],
    totals: { passed: status === 'passed' ? 1 : 0, failed: status === 'passed' ? 0 : 1, skipped: 0 },
    seed: 1,
    durationMs: 5,
    finishedAt: new Date().toISOString(),
  };
}

describe('workspace', () => {
  test('opening an exercise copies the starter once and never over the learner’s file', async () => {
    expect(await workspace.open(exercise)).toBe(true);
    expect(await workspace.read(exercise)).toBe(await readFile(exercise.starterPath, 'utf8'));
    await writeFile(workspace.solutionPath(exercise), '// my work\n');
    expect(await workspace.open(exercise)).toBe(false);
    expect(await workspace.read(exercise)).toBe('// my work\n');
  });

  test('init writes editor support once and keeps the learner’s changes to it', async () => {
    const tsconfig = JSON.parse(await readFile(path.join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: { types: string[] } };
    expect(tsconfig.compilerOptions.types).toContain('node');
    await writeFile(path.join(dir, 'tsconfig.json'), '{"mine": true}');
    await workspace.init();
    expect(await readFile(path.join(dir, 'tsconfig.json'), 'utf8')).toBe('{"mine": true}');
  });

  test('reset refuses without confirmation and leaves the file alone', async () => {
    await workspace.open(exercise);
    await writeFile(workspace.solutionPath(exercise), '// precious\n');
    await expect(workspace.reset(exercise, false)).rejects.toMatchObject({ code: 'RESET_NOT_CONFIRMED' });
    await expect(workspace.reset(exercise, false)).rejects.toBeInstanceOf(WorkspaceError);
    expect(await workspace.read(exercise)).toBe('// precious\n');
  });

  test('a confirmed reset restores the starter and keeps a backup of every previous version', async () => {
    await workspace.open(exercise);
    await writeFile(workspace.solutionPath(exercise), '// first try\n');
    const first = await workspace.reset(exercise, true);
    await writeFile(workspace.solutionPath(exercise), '// second try\n');
    const second = await workspace.reset(exercise, true);
    expect(await workspace.read(exercise)).toBe(await readFile(exercise.starterPath, 'utf8'));
    expect(await readFile(first!, 'utf8')).toBe('// first try\n');
    expect(await readFile(second!, 'utf8')).toBe('// second try\n');
    expect(await readdir(workspace.backupsDir(exercise))).toHaveLength(2);
  });
});

describe('progress', () => {
  test('records attempts and keeps "passed" once earned', async () => {
    const store = new ProgressStore(dir);
    await store.recordCheck(result('failed'));
    await store.recordCheck(result('passed'));
    await store.recordCheck(result('failed'));
    const progress = await new ProgressStore(dir).get(exercise.id);
    expect(progress).toMatchObject({ passed: true, attempts: 3 });
    expect(progress.lastResult?.status).toBe('failed');
  });

  test('concurrent updates are all kept', async () => {
    const store = new ProgressStore(dir);
    await Promise.all(Array.from({ length: 20 }, () => store.recordCheck(result('failed'))));
    expect((await store.get(exercise.id)).attempts).toBe(20);
  });

  test('hints are counted and never beyond the last one', async () => {
    const store = new ProgressStore(dir);
    expect(await store.revealHint(exercise.id, 2)).toBe(1);
    expect(await store.revealHint(exercise.id, 2)).toBe(2);
    expect(await store.revealHint(exercise.id, 2)).toBe(2);
  });

  test('a process killed in the middle of writing never leaves a broken progress file', async () => {
    const writer = `
      import { ProgressStore } from ${JSON.stringify(path.resolve('runner/progress.ts'))};
      const store = new ProgressStore(${JSON.stringify(dir)});
      const result = ${JSON.stringify(result('failed'))};
      // A large lastResult makes each write take long enough to be interrupted.
      result.tests = Array.from({ length: 2000 }, (_, i) => ({ name: 'test ' + i, status: 'failed', message: 'x'.repeat(200), durationMs: 1 }));
      process.stdout.write('ready\\n');
      for (;;) await store.recordCheck(result);
    `;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 150 + round * 37));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const progress = await new ProgressStore(dir).read();
      expect(progress.exercises[exercise.id]?.attempts ?? 0).toBeGreaterThan(0);
    }
  });
});
