/**
 * `npm run dev`: Astro's dev server with the runner attached, so lesson
 * authors get hot reload and working terminals on one origin.
 */
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { defaultWorkspaceDir } from './paths.ts';
import { createRunner, type Runner } from './runner.ts';

export function socketsLabRunner(): AstroIntegration {
  let runner: Runner | undefined;
  return {
    name: 'sockets-lab-runner',
    hooks: {
      'astro:server:setup': async ({ server, logger }) => {
        const workspaceDir = path.resolve(process.env.SOCKETS_LAB_WORKSPACE ?? defaultWorkspaceDir);
        runner = await createRunner({ workspaceDir, reloadExercises: true });
        const attached = runner;
        server.middlewares.use((req, res, next) => {
          if (!attached.handleRequest(req, res)) next();
        });
        server.httpServer?.on('upgrade', (req, socket, head) => attached.handleUpgrade(req, socket, head));
        server.httpServer?.once('listening', () => {
          const address = server.httpServer?.address();
          const port = typeof address === 'object' && address ? address.port : 4321;
          logger.info(`Runner attached. Open http://127.0.0.1:${port}/#token=${attached.token}`);
        });
      },
      'astro:server:done': () => runner?.close(),
    },
  };
}
