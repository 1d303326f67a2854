/**
 * One page's WebSocket: the terminal sessions it opened (a check, the
 * learner's program, a shell…), their output with flow control, and their
 * end. Closing the page ends every session it started.
 */
import type { WebSocket, RawData } from 'ws';
import path from 'node:path';
import {
  clientMessageSchema,
  encodeOutput,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ServerMessage,
} from '../schema/protocol.ts';
import type { CheckRunner } from './check.ts';
import { childEnv } from './child-env.ts';
import { findExercise, type Exercise } from './exercises.ts';
import { FlowControl } from './flow-control.ts';
import { clampSize, TERMINAL_COLS, TERMINAL_ROWS, type Limits } from './limits.ts';
import { nodeTypeScriptArgs } from './node-program.ts';
import type { ProgressStore } from './progress.ts';
import { PtyRun } from './pty-run.ts';
import type { Workspace } from './workspace.ts';

export interface ConnectionContext {
  exercises: () => Exercise[];
  workspace: Workspace;
  progress: ProgressStore;
  checks: CheckRunner;
  limits: Limits;
}

interface Session {
  run: PtyRun;
  flow: FlowControl;
}

function shellCommand(): { file: string; args: string[] } {
  if (process.platform === 'win32') return { file: process.env.COMSPEC ?? 'cmd.exe', args: [] };
  return { file: process.env.SHELL || '/bin/bash', args: ['-i'] };
}

export function handleTerminalConnection(ws: WebSocket, ctx: ConnectionContext): void {
  const sessions = new Map<number, Session>();
  let greeted = false;

  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const fail = (code: string, message: string, session?: number) => send({ type: 'error', session, code, message });

  ws.on('message', (raw: RawData, isBinary: boolean) => {
    if (isBinary) return fail('BAD_MESSAGE', 'The runner accepts only JSON text messages.');
    let message: ClientMessage;
    try {
      const parsed = clientMessageSchema.safeParse(JSON.parse(raw.toString()));
      if (!parsed.success) return fail('BAD_MESSAGE', `Invalid message: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
      message = parsed.data;
    } catch {
      return fail('BAD_MESSAGE', 'Messages must be JSON.');
    }
    if (!greeted) {
      if (message.type !== 'hello' || message.version !== PROTOCOL_VERSION) {
        fail('BAD_HELLO', `Say hello with protocol version ${PROTOCOL_VERSION} first (reload the page after updating Sockets Lab).`);
        return ws.close(1002, 'hello expected');
      }
      greeted = true;
      return send({ type: 'hello', version: PROTOCOL_VERSION });
    }
    handle(message).catch((error: unknown) => fail('INTERNAL', error instanceof Error ? error.message : String(error)));
  });

  // ws closes the connection itself on protocol errors (an oversized message gets 1009); the error needs no more handling.
  ws.on('error', () => undefined);

  ws.on('close', () => {
    for (const { run } of sessions.values()) run.kill('disconnected');
    sessions.clear();
  });

  async function handle(message: ClientMessage): Promise<void> {
    if (message.type === 'hello') return;
    if (message.type === 'start') return start(message);
    const session = sessions.get(message.session);
    if (!session) return fail('NO_SESSION', `There is no running session ${message.session}.`, message.session);
    switch (message.type) {
      case 'input':
        return session.run.write(message.data);
      case 'resize':
        return session.run.resize(clampSize(message.cols, TERMINAL_COLS), clampSize(message.rows, TERMINAL_ROWS));
      case 'kill':
        return session.run.kill('killed');
      case 'ack':
        return session.flow.acked(message.bytes);
    }
  }

  async function start(message: Extract<ClientMessage, { type: 'start' }>): Promise<void> {
    const id = message.session;
    if (sessions.has(id)) return fail('SESSION_EXISTS', `Session ${id} is still running: stop it first.`, id);
    if (sessions.size >= ctx.limits.maxSessionsPerConnection) {
      return fail('TOO_MANY_SESSIONS', `At most ${ctx.limits.maxSessionsPerConnection} terminals may run at once: stop one first.`, id);
    }
    let exercise: Exercise;
    try {
      exercise = findExercise(ctx.exercises(), message.exercise);
    } catch (error) {
      return fail('EXERCISE_UNKNOWN', (error as Error).message, id);
    }
    const cols = clampSize(message.cols, TERMINAL_COLS);
    const rows = clampSize(message.rows, TERMINAL_ROWS);
    await ctx.workspace.open(exercise);
    const solutionPath = ctx.workspace.solutionPath(exercise);

    let run: PtyRun;
    let result: Promise<unknown> | undefined;
    if (message.kind === 'check') {
      const handle = ctx.checks.start({ exercise, solutionPath, seed: message.seed, cols, rows });
      run = handle.run;
      result = handle.result.then(async (outcome) => {
        send({ type: 'result', session: id, result: outcome });
        await ctx.progress.recordCheck(outcome);
      });
    } else {
      const command = message.kind === 'program' ? nodeTypeScriptArgs(solutionPath) : shellCommand();
      run = new PtyRun({
        ...command,
        cwd: path.dirname(solutionPath),
        env: childEnv(),
        cols,
        rows,
        timeoutMs: ctx.limits.programMs,
        outputCapBytes: ctx.limits.outputCapBytes,
      });
    }
    const flow = new FlowControl(ctx.limits.highWatermark, ctx.limits.lowWatermark, () => run.pause(), () => run.resume());
    sessions.set(id, { run, flow });
    send({ type: 'started', session: id, kind: message.kind });
    run.onData((chunk) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(encodeOutput(id, chunk));
      flow.sent(chunk.length);
    });
    run.onExit(async (exit) => {
      // The verdict goes out before 'exit', after the last byte of output.
      await result;
      sessions.delete(id);
      send({ type: 'exit', session: id, code: exit.code, reason: exit.reason });
    });
  }
}
