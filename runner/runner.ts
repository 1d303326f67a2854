/**
 * The runner as request handlers: security checks first, then the API, the
 * terminal WebSocket, and (in production) the built site. `start.ts` mounts
 * it on its own HTTP server; the Astro integration mounts it on the dev
 * server. Either way there is one origin for pages, API and terminals.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { PROTOCOL_NAME, TERMINAL_PATH, TOKEN_PROTOCOL_PREFIX } from '../schema/protocol.ts';
import { ApiError, handleApi, sendJson } from './api.ts';
import { CheckRunner } from './check.ts';
import { loadExercises, type Exercise } from './exercises.ts';
import { isAllowedHost, isAllowedOrigin } from './host-check.ts';
import { defaultLimits, type Limits } from './limits.ts';
import { ProgressStore } from './progress.ts';
import { killAllRuns } from './pty-run.ts';
import { serveStatic } from './static-files.ts';
import { handleTerminalConnection } from './terminal-connection.ts';
import { createToken, tokenMatches } from './token.ts';
import { Workspace } from './workspace.ts';

export interface RunnerOptions {
  workspaceDir: string;
  /** Built site to serve; leave out when another server (Astro dev) serves pages. */
  staticDir?: string;
  limits?: Partial<Limits>;
  /** A fixed token for tests; a fresh random one otherwise. */
  token?: string;
  /** Keep a check host warm (default true). */
  warm?: boolean;
  /** Re-read exercises on every use (dev mode: authors edit them live). */
  reloadExercises?: boolean;
}

export interface Runner {
  token: string;
  workspace: Workspace;
  /** Returns false when the request is not the runner's (dev mode hands it on to Astro). */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Returns false when the upgrade is not for the terminal endpoint. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
}

function refuse(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`);
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function tokenFromProtocols(req: IncomingMessage): string | undefined {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
}

export async function createRunner(options: RunnerOptions): Promise<Runner> {
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const token = options.token ?? createToken();
  const workspace = new Workspace(options.workspaceDir);
  await workspace.init();
  const progress = new ProgressStore(options.workspaceDir);
  let cached = loadExercises();
  const exercises = (): Exercise[] => (options.reloadExercises ? (cached = loadExercises()) : cached);
  const checks = await CheckRunner.create({ warm: options.warm ?? true, outputCapBytes: limits.outputCapBytes });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    // Answer with our protocol name only: echoing the token protocol back would put the secret in a response header.
    handleProtocols: (protocols) => (protocols.has(PROTOCOL_NAME) ? PROTOCOL_NAME : false),
  });
  wss.on('connection', (ws) => handleTerminalConnection(ws, { exercises, workspace, progress, checks, limits }));

  const handleRequest = (req: IncomingMessage, res: ServerResponse): boolean => {
    const port = req.socket.localPort ?? 0;
    const url = new URL(req.url ?? '/', 'http://runner.invalid');
    const isApi = url.pathname.startsWith('/api/');
    if (!isApi && !options.staticDir) return false;
    if (!isAllowedHost(req.headers.host, port)) {
      sendJson(res, 403, { code: 'FORBIDDEN_HOST', message: 'This runner answers only to 127.0.0.1, localhost and [::1] on its own port.' });
      return true;
    }
    if (!isApi) {
      void serveStatic(req, res, options.staticDir!, url.pathname);
      return true;
    }
    const origin = req.headers.origin;
    const needsOrigin = req.method !== 'GET' && req.method !== 'HEAD';
    if ((origin !== undefined || needsOrigin) && !isAllowedOrigin(origin, port)) {
      sendJson(res, 403, { code: 'FORBIDDEN_ORIGIN', message: 'Requests must come from the Sockets Lab page itself.' });
      return true;
    }
    if (!tokenMatches(bearer(req), token)) {
      sendJson(res, 401, { code: 'BAD_TOKEN', message: 'Missing or wrong access token: open the link that `npm start` printed.' });
      return true;
    }
    handleApi(req, res, url.pathname, { exercises, workspace, progress }).catch((error: unknown) => {
      if (error instanceof ApiError) sendJson(res, error.status, { code: error.code, message: error.message });
      else sendJson(res, 500, { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
    });
    return true;
  };

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const port = req.socket.localPort ?? 0;
    const url = new URL(req.url ?? '/', 'http://runner.invalid');
    if (url.pathname !== TERMINAL_PATH) return false; // Not ours: the dev server's hot-reload socket, for one.
    if (!isAllowedHost(req.headers.host, port)) refuse(socket, 403, 'forbidden host');
    else if (!isAllowedOrigin(req.headers.origin, port)) refuse(socket, 403, 'forbidden origin');
    else if (!tokenMatches(tokenFromProtocols(req), token)) refuse(socket, 401, 'missing or wrong token');
    else wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    return true;
  };

  return {
    token,
    workspace,
    handleRequest,
    handleUpgrade,
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      checks.close();
      killAllRuns('shutdown');
    },
  };
}
