/**
 * Runs in every hidden-test worker before the tests: applies the exercise's
 * per-test time limit from its metadata (the config file is shared by all
 * exercises, the limit is not).
 */
import { vi } from 'vitest';
import { testTimeout } from './job.ts';

const limit = testTimeout();
if (limit) vi.setConfig({ testTimeout: limit, hookTimeout: limit });
