/** A real runner on a real loopback port, with its own temporary workspace, for tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHttpServer } from '../../runner/http-server.ts';
import type { Limits } from '../../runner/limits.ts';
import { createRunner, type Runner } from '../../runner/runner.ts';

export interface TestRunner {
  runner: Runner;
  port: number;
  token: string;
  origin: string;
  workspaceDir: string;
  close(): Promise<void>;
}

export async function startTestRunner(options: { limits?: Partial<Limits>; warm?: boolean; staticDir?: string } = {}): Promise<TestRunner> {
  const workspaceDir = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-test-'));
  const runner = await createRunner({ workspaceDir, limits: options.limits, warm: options.warm ?? false, staticDir: options.staticDir });
  const server = createHttpServer(runner);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    runner,
    port,
    token: runner.token,
    origin: `http://127.0.0.1:${port}`,
    workspaceDir,
    async close() {
      runner.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(workspaceDir, { recursive: true, force: true });
    },
  };
}
