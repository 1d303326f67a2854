/**
 * Runs in every hidden-test worker before the tests: applies the exercise's
 * per-test time limit from its metadata (the config file is shared by all
 * exercises, the limit is not).
 */
import { vi } from 'vitest';

const limit = Number(process.env.SOCKETS_LAB_TEST_TIMEOUT);
if (Number.isInteger(limit) && limit > 0) vi.setConfig({ testTimeout: limit, hookTimeout: limit });
