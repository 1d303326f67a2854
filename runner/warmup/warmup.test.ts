/**
 * Not a test of anything: the check host runs this file once while it waits,
 * so the test worker is already started, with Vitest and the testkit loaded,
 * when the learner presses Run. It never touches learner code.
 */
import { expect, test } from 'vitest';
import '../../testkit/solution.ts';
import '../../testkit/explain.ts';
import '../../testkit/seed.ts';
import '../../testkit/tcp.ts';
import '../../testkit/udp.ts';
import '../../testkit/cleanup.ts';
import '../../testkit/harness/tcp-peer.ts';
import '../../testkit/harness/split.ts';
import '../../testkit/harness/udp-relay.ts';

test('the worker is warm', () => {
  expect(true).toBe(true);
});
