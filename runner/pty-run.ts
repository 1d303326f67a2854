/**
 * One program running in a pseudo-terminal, under the runner's limits: a
 * wall-clock limit, an output cap, and a kill that takes the whole process
 * tree. Output is raw bytes (no decoding here), so a UTF-8 character split
 * across two reads reaches xterm.js intact and is reassembled there.
 */
import * as pty from 'node-pty';
import { killTree } from './process-tree.ts';

export type StopReason = 'timeout' | 'output-limit' | 'killed' | 'disconnected' | 'shutdown';

export interface RunExit {
  code: number;
  signal: number;
  /** Set when the runner stopped the program rather than the program ending by itself. */
  reason?: StopReason;
}

export interface PtyRunOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  /** Wall-clock limit from spawn; leave it out to start the clock later with startClock() (pre-started hosts). */
  timeoutMs?: number;
  outputCapBytes: number;
}

/** Every live run, so that stopping the runner can take them all down. */
const live = new Set<PtyRun>();

export function killAllRuns(reason: StopReason = 'shutdown'): void {
  for (const run of [...live]) run.kill(reason);
}

const explanations: Record<StopReason, (options: PtyRunOptions) => string> = {
  timeout: (o) => `stopped after ${((o.timeoutMs ?? 0) / 1000).toFixed(0)} s (the time limit). A loop that never ends, or a server that is never closed, keeps a program alive.`,
  'output-limit': (o) => `stopped: it printed more than ${Math.round(o.outputCapBytes / 1024)} KiB (the output limit). Is something printing in a loop?`,
  killed: () => 'stopped (you pressed Stop).',
  disconnected: () => 'stopped because the page was closed.',
  shutdown: () => 'stopped because the runner is shutting down.',
};

export class PtyRun {
  readonly pid: number;
  private readonly term: pty.IPty;
  private timer: NodeJS.Timeout | undefined;
  private printed = 0;
  private stopReason: StopReason | undefined;
  private exited = false;
  /** Output that arrived before anyone listened (a pre-started host's warnings). */
  private early: Buffer[] = [];
  private dataSink: ((chunk: Buffer) => void) | undefined;
  private exitSinks: Array<(exit: RunExit) => void> = [];
  private exitInfo: RunExit | undefined;

  constructor(private readonly options: PtyRunOptions) {
    this.term = pty.spawn(options.file, options.args, {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: options.env,
      // Bytes, not strings: decoding here would split multi-byte characters at chunk edges.
      encoding: null,
    } as pty.IPtyForkOptions);
    this.pid = this.term.pid;
    live.add(this);
    if (options.timeoutMs !== undefined) this.startClock(options.timeoutMs);
    this.term.onData((data: string | Buffer) => this.forward(typeof data === 'string' ? Buffer.from(data) : data));
    this.term.onExit(({ exitCode, signal }) => this.finish(exitCode, signal ?? 0));
  }

  /** Start (or restart) the wall-clock limit. */
  startClock(timeoutMs: number): void {
    clearTimeout(this.timer);
    this.options.timeoutMs = timeoutMs;
    this.timer = setTimeout(() => this.kill('timeout'), timeoutMs);
  }

  stopClock(): void {
    clearTimeout(this.timer);
  }

  /** Count output afresh (a host that serves job after job: each job has the whole cap). */
  resetOutputCount(): void {
    this.printed = 0;
  }

  /** Where output goes from now on; anything printed before is delivered first. */
  onData(sink: (chunk: Buffer) => void): void {
    this.dataSink = sink;
    for (const chunk of this.early.splice(0)) sink(chunk);
  }

  onExit(sink: (exit: RunExit) => void): void {
    if (this.exitInfo) sink(this.exitInfo);
    else this.exitSinks.push(sink);
  }

  private emit(chunk: Buffer): void {
    if (this.dataSink) this.dataSink(chunk);
    else this.early.push(chunk);
  }

  private forward(chunk: Buffer): void {
    if (this.stopReason === 'output-limit') return;
    const room = this.options.outputCapBytes - this.printed;
    if (chunk.length > room) {
      if (room > 0) this.emit(chunk.subarray(0, room));
      this.printed = this.options.outputCapBytes;
      this.kill('output-limit');
      return;
    }
    this.printed += chunk.length;
    this.emit(chunk);
  }

  private finish(code: number, signal: number): void {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.timer);
    live.delete(this);
    // The program is gone, but something it started may not be: a server the
    // learner spawned would otherwise outlive the run.
    killTree(this.pid);
    if (this.stopReason) {
      this.emit(Buffer.from(`\r\n\x1b[33m■ Sockets Lab: the program was ${explanations[this.stopReason](this.options)}\x1b[0m\r\n`));
    }
    this.exitInfo = { code, signal, reason: this.stopReason };
    for (const sink of this.exitSinks.splice(0)) sink(this.exitInfo);
  }

  write(data: string): void {
    if (!this.exited) this.term.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exited) return;
    try {
      this.term.resize(cols, rows);
    } catch {
      // Resizing a pty whose program just exited throws; nothing to resize then.
    }
  }

  pause(): void {
    if (!this.exited) this.term.pause();
  }

  resume(): void {
    if (!this.exited) this.term.resume();
  }

  get stoppedBecause(): StopReason | undefined {
    return this.stopReason;
  }

  get running(): boolean {
    return !this.exited;
  }

  kill(reason: StopReason): void {
    if (this.exited) return;
    this.stopReason ??= reason;
    // A paused pty never delivers its exit: let the last bytes drain.
    this.term.resume();
    killTree(this.pid);
  }
}
