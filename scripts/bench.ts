/**
 * `npm run bench`: how fast a check feels, measured through the real runner.
 * For tcp-echo with the reference solution, N times: press Run (a WebSocket
 * `start` message) → first terminal byte, and → verdict. Then the baseline
 * in the same run: the same hidden tests as a plain cold `vitest run`.
 *
 *   npm run bench -- [--runs 20] [--exercise tcp-echo]
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findExercise, loadExercises } from '../runner/exercises.ts';
import { projectRoot } from '../runner/paths.ts';
import { SOLUTION_ENV } from '../testkit/solution.ts';
import { TerminalClient } from '../tests/support/terminal-client.ts';
import { startTestRunner } from '../tests/support/test-runner.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, exercise: { type: 'string', default: 'tcp-echo' } } });
const runs = Number(values.runs);
const exercise = findExercise(loadExercises(), values.exercise!);

/** A learner reads the verdict before pressing Run again; the runner warms the next host meanwhile. */
const PAUSE_BETWEEN_RUNS_MS = 2500;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, p90 ${p90(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms`;

async function throughRunner(): Promise<{ firstByte: number[]; verdict: number[]; testsOwn: number[] }> {
  const runner = await startTestRunner({ warm: true });
  const target = path.join(runner.workspaceDir, exercise.id, exercise.file);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(exercise.referencePath, target);
  const client = await TerminalClient.connect(runner);
  const firstByte: number[] = [];
  const verdict: number[] = [];
  const testsOwn: number[] = [];
  try {
    await new Promise((r) => setTimeout(r, 1500)); // the first host warms up
    for (let session = 1; session <= runs; session++) {
      const started = performance.now();
      client.send({ type: 'start', session, kind: 'check', exercise: exercise.id, cols: 100, rows: 30 });
      // The first byte of the check itself (its "▶ Checking" line), not of anything printed while the host warmed up.
      await client.until(() => client.text(session).includes('▶'), 30_000, 'the first line of the check');
      firstByte.push(performance.now() - started);
      const result = await client.waitFor((m) => m.type === 'result' && m.session === session, 60_000);
      verdict.push(performance.now() - started);
      if (result.type !== 'result' || result.result.status !== 'passed') throw new Error(`run ${session}: the reference did not pass`);
      testsOwn.push(result.result.tests.reduce((sum, t) => sum + t.durationMs, 0));
      await client.exitOf(session);
      await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_RUNS_MS));
    }
  } finally {
    client.close();
    await runner.close();
  }
  return { firstByte, verdict, testsOwn };
}

async function coldVitest(): Promise<number[]> {
  const vitestBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [vitestBin, 'run', '--config', 'exercises/vitest.config.ts', path.relative(projectRoot, exercise.testsDir)], {
        cwd: projectRoot,
        env: { ...process.env, [SOLUTION_ENV]: exercise.referencePath, SOCKETS_LAB_SEED: String(i) },
        stdio: 'ignore',
      });
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`cold vitest run ${i} failed (exit ${code})`);
    times.push(performance.now() - started);
  }
  return times;
}

console.log(`Benchmark: ${exercise.id}, reference solution, ${runs} runs each, Node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
const { firstByte, verdict, testsOwn } = await throughRunner();
console.log(`Runner  Run → first line of output: ${fmt(firstByte)}`);
console.log(`Runner  Run → verdict:             ${fmt(verdict)}`);
console.log(`        of which the tests' own time: ${fmt(testsOwn)}  (the rest is the runner's overhead)`);
const baseline = await coldVitest();
console.log(`Baseline cold \`vitest run\`:       ${fmt(baseline)}`);
console.log(`\nVerdict speed-up over the baseline (medians): ${(median(baseline) / median(verdict)).toFixed(1)}×`);
console.log(`Targets: first byte ≤ 100 ms ${median(firstByte) <= 100 ? 'met' : 'MISSED'}; verdict ≤ 250 ms ${median(verdict) <= 250 ? 'met' : 'MISSED'}; ≥ 2× baseline ${median(baseline) / median(verdict) >= 2 ? 'met' : 'MISSED'}.`);
