/**
 * Runs in every hidden-test worker before each test file: the exercise's
 * per-test time limit, and the harness's hooks around every test — a fresh
 * wire trace, cleanup of everything the test opened, and a hygiene report of
 * what the learner's code left open. Hooks run in reverse order after a
 * test (Vitest's "stack" order): cleanup first, then hygiene, then the trace.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { runCleanup } from './cleanup.ts';
import { leftoverResources, snapshotResources } from './harness/hygiene.ts';
import { startTrace, trace } from './harness/trace-recorder.ts';
import { testTimeout } from './job.ts';

const limit = testTimeout();
if (limit) vi.setConfig({ testTimeout: limit, hookTimeout: limit });

beforeEach(() => {
  startTrace();
  snapshotResources();
});

afterEach((context) => {
  const recorded = trace();
  if (!recorded.isEmpty) context.task.meta.trace = recorded.toTrace();
});

afterEach(async (context) => {
  const leftovers = await leftoverResources();
  if (leftovers.length) context.task.meta.leftovers = leftovers;
});

afterEach(runCleanup);
