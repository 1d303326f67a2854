/** Run one exercise's hidden tests against any file, through the real check pipeline (pty, host, control channel). */
import type { CheckResult } from '../../schema/check-result.ts';
import { CheckRunner, type CheckRequest } from '../../runner/check.ts';

let shared: Promise<CheckRunner> | undefined;

/** One warm runner per test file: checks run one after another, like a learner pressing Run. */
export function checkRunner(): Promise<CheckRunner> {
  shared ??= CheckRunner.create({ warm: true });
  return shared;
}

export async function checkFile(request: CheckRequest & { outputCapBytes?: number }): Promise<{ result: CheckResult; output: string; pid: number }> {
  const runner = request.outputCapBytes ? await CheckRunner.create({ outputCapBytes: request.outputCapBytes }) : await checkRunner();
  const chunks: Buffer[] = [];
  const handle = runner.start(request);
  handle.run.onData((chunk) => chunks.push(chunk));
  const result = await handle.result;
  // Wait for the host to be gone too, so callers can check that nothing was left behind.
  await new Promise<void>((resolve) => handle.run.onExit(() => resolve()));
  if (request.outputCapBytes) runner.close();
  return { result, output: Buffer.concat(chunks).toString('utf8'), pid: handle.run.pid };
}

export async function closeCheckRunner(): Promise<void> {
  (await shared)?.close();
  shared = undefined;
}
