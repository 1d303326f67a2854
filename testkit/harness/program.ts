/**
 * A learner's *program* (not a module): started as its own process with
 * arguments, talked to over stdin/stdout, always stopped after the test with
 * everything it started. Used by program-style exercises (chat peers) that
 * the learner also runs by hand in two terminals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { onCleanup } from '../cleanup.ts';
import { solutionPath } from '../job.ts';
import { trace } from './trace-recorder.ts';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
/** After stop(), how long cleanup waits for the killed process to be reaped before moving on. */
const REAP_WAIT_MS = 2_000;

export interface Program {
  process: ChildProcess;
  /** Everything it printed on stdout so far. */
  readonly output: string;
  /** Type a line into its stdin. */
  writeLine(text: string): void;
  /** Wait until its output matches; resolves with the match, or rejects with what it printed instead. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code when it ends. */
  readonly exited: Promise<number | null>;
  stop(): void;
}

export function startProgram(args: string[], { name = 'your program', file = solutionPath() }: { name?: string; file?: string } = {}): Program {
  if (!file) throw new Error('No program to start: the check runner names the learner’s file.');
  const child = spawn(process.execPath, ['--import', tsxLoader, file, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so stop() takes everything it started.
    detached: process.platform !== 'win32',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: process.env.LANG ?? 'C.UTF-8' },
  });
  let output = '';
  let errors = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (text: string) => {
    output += text;
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (text: string) => (errors += text));
  // Typing into a program that has already exited fails with EPIPE: the
  // test judges what the program printed, the broken pipe must not crash the run.
  child.stdin!.on('error', () => undefined);
  child.on('error', (error) => (errors += `\n[could not run: ${error.message}]`));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // 'exit' can come before the last output has been read from the pipe; after 'close' nothing more will arrive.
  let outputClosed = false;
  child.once('close', () => (outputClosed = true));
  const stop = () => {
    // Kill the whole group even when the program itself has exited: a child it
    // started may still be running, orphaned, in the same group.
    try {
      if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, 'SIGKILL');
      else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  onCleanup(async () => {
    stop();
    // Wait until it is reaped and its pipes are closed, so the hygiene report
    // that follows cleanup does not count them as left open.
    if (outputClosed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, REAP_WAIT_MS);
      child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  });
  return {
    process: child,
    get output() {
      return output;
    },
    writeLine(text) {
      trace().record('note', 'test', undefined, undefined, `types "${text}"`);
      if (child.stdin!.writable) child.stdin!.write(`${text}\n`);
    },
    waitForOutput(pattern, timeoutMs = 3_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return false;
          cleanup();
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `Waited ${timeoutMs} ms for ${name} to print something matching ${pattern}.\n  it printed: ${JSON.stringify(output.slice(-300))}` +
                (errors ? `\n  and on stderr: ${JSON.stringify(errors.slice(-300))}` : ''),
            ),
          );
        }, timeoutMs);
        const onClose = () => {
          if (check()) return;
          cleanup();
          reject(new Error(`${name} exited (code ${child.exitCode}) before printing ${pattern}.\n  it printed: ${JSON.stringify(output.slice(-300))}${errors ? `\n  stderr: ${JSON.stringify(errors.slice(-300))}` : ''}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('close', onClose);
        };
        if (check()) return;
        if (outputClosed) return onClose();
        listeners.add(check);
        child.once('close', onClose);
      });
    },
    exited,
    stop,
  };
}
