/**
 * `npm start`: build the site if needed, then serve it with the runner on
 * 127.0.0.1 and print the link that carries this launch's access token.
 */
import type http from 'node:http';
import path from 'node:path';
import { createHttpServer } from './http-server.ts';
import { defaultWorkspaceDir, siteDistDir } from './paths.ts';
import { createRunner } from './runner.ts';
import { buildSite, siteIsStale } from './site-build.ts';

export const DEFAULT_PORT = 4321;
/** How many ports after a taken one we try before giving up. */
const PORT_ATTEMPTS = 20;

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`The port must be a whole number from 0 to 65535, not "${text}".`);
  }
  return port;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // Loopback only: the runner executes code, nobody else on the network may reach it.
    server.listen(port, '127.0.0.1');
  });
}

export async function startCourse(options: { port?: string; workspace?: string }): Promise<void> {
  const wanted = parsePort(options.port ?? process.env.PORT);
  if (siteIsStale()) {
    console.log('Building the course site (only when lessons or exercises changed)…');
    await buildSite();
  }
  const workspaceDir = path.resolve(options.workspace ?? process.env.SOCKETS_LAB_WORKSPACE ?? defaultWorkspaceDir);
  const runner = await createRunner({ workspaceDir, staticDir: siteDistDir });
  const server = createHttpServer(runner);

  let port = wanted;
  for (let attempt = 0; ; attempt++) {
    try {
      port = await listen(server, port);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted === 0 || attempt === PORT_ATTEMPTS) throw error;
      console.log(`Port ${port} is taken; trying ${port + 1}.`);
      port += 1;
    }
  }
  console.log(`\nSockets Lab is running. Open this link (it carries this launch's access key):\n\n  \x1b[1mhttp://127.0.0.1:${port}/#token=${runner.token}\x1b[22m\n`);
  console.log(`Your work is saved in ${workspaceDir}\nPress Ctrl-C to stop.`);

  const stop = () => {
    runner.close();
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
