/**
 * The runner's HTTP API under /api/, for the page: exercise state, the
 * learner's file, hints and reset. Every route needs the token; the caller
 * (runner.ts) has already checked Host and Origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { findExercise, type Exercise } from './exercises.ts';
import { highlightTypeScript } from './highlight.ts';
import type { ProgressStore } from './progress.ts';
import type { Workspace } from './workspace.ts';

/** Bodies are a few fields of JSON; anything larger is not from our page. */
const MAX_BODY_BYTES = 4 * 1024;

export interface ApiContext {
  exercises: () => Exercise[];
  workspace: Workspace;
  progress: ProgressStore;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'BODY_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'BAD_JSON', 'The request body is not JSON.');
  }
}

const resetBody = z.object({ confirm: z.literal(true) });

function exerciseFor(ctx: ApiContext, id: string): Exercise {
  try {
    return findExercise(ctx.exercises(), id);
  } catch (error) {
    throw new ApiError(404, 'EXERCISE_UNKNOWN', (error as Error).message);
  }
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: ApiContext): Promise<void> {
  const method = req.method ?? 'GET';
  if (pathname === '/api/progress' && method === 'GET') {
    return sendJson(res, 200, await ctx.progress.read());
  }
  const match = /^\/api\/exercises\/([a-z0-9-]+)\/(open|file|hints|reset)$/.exec(pathname);
  if (!match) throw new ApiError(404, 'NOT_FOUND', `No API route ${method} ${pathname}.`);
  const exercise = exerciseFor(ctx, match[1]!);
  const action = `${method} ${match[2]}`;
  switch (action) {
    case 'POST open': {
      const created = await ctx.workspace.open(exercise);
      return sendJson(res, 200, { created, path: ctx.workspace.solutionPath(exercise) });
    }
    case 'GET file': {
      const text = await ctx.workspace.read(exercise);
      if (text === undefined) throw new ApiError(404, 'NO_SOLUTION', 'The exercise has not been opened yet.');
      return sendJson(res, 200, { path: ctx.workspace.solutionPath(exercise), text, html: await highlightTypeScript(text) });
    }
    case 'GET hints': {
      const { hintsShown } = await ctx.progress.get(exercise.id);
      return sendJson(res, 200, { shown: exercise.hints.slice(0, hintsShown), total: exercise.hints.length });
    }
    case 'POST hints': {
      const shown = await ctx.progress.revealHint(exercise.id, exercise.hints.length);
      return sendJson(res, 200, { shown: exercise.hints.slice(0, shown), total: exercise.hints.length });
    }
    case 'POST reset': {
      if (!resetBody.safeParse(await readJson(req)).success) {
        throw new ApiError(400, 'RESET_NOT_CONFIRMED', 'Send {"confirm": true} to reset: it replaces your file with the starter (a backup is kept).');
      }
      const backup = await ctx.workspace.reset(exercise, true);
      return sendJson(res, 200, { backup });
    }
  }
  throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${pathname}.`);
}
