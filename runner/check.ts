/**
 * Running a check: one exercise's hidden tests against one file, in a fresh
 * check host inside a pty. A host is started ahead of time and waits with
 * Vitest loaded, so pressing Run costs only the tests themselves; the next
 * host starts warming as soon as one is taken.
 */
import { randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { checkResultSchema, type CheckErrorCode, type CheckResult } from '../schema/check-result.ts';
import { childEnv } from './child-env.ts';
import { CONTROL_ENV, HOST_MODE_ENV, listenControl, readMessages, sendMessage, type ControlServer } from './control-channel.ts';
import type { CheckJob } from './check-host.ts';
import type { Exercise } from './exercises.ts';
import { defaultLimits, TERMINAL_COLS, TERMINAL_ROWS } from './limits.ts';
import { nodeTypeScriptArgs } from './node-program.ts';
import { projectRoot } from './paths.ts';
import { PtyRun, type RunExit } from './pty-run.ts';

const hostScript = path.join(projectRoot, 'runner', 'check-host.ts');
/** Output the host wrote just before its verdict is usually read within a few ms; waiting for its exit costs ~40 ms more. */
const VERDICT_SETTLE_MS = 5;

export interface CheckRequest {
  exercise: Exercise;
  solutionPath: string;
  /** Replay a run's random choices; a fresh seed otherwise. */
  seed?: number;
  cols?: number;
  rows?: number;
  /** Override the exercise's whole-check limit (tests of the runner use short ones). */
  checkMs?: number;
  /** Run these test files instead of the exercise's own hidden tests (a teacher's test pack). */
  testFiles?: string[];
}

export interface CheckHandle {
  run: PtyRun;
  /** Settles with the host's verdict, or with an explanation when the host stopped without one. */
  result: Promise<CheckResult>;
}

interface PendingJob {
  verdict: (result: CheckResult) => void;
  stopped: (exit: RunExit) => void;
}

interface Host {
  run: PtyRun;
  control: Promise<net.Socket>;
  /** The job this host is working on, if any. */
  job?: PendingJob;
}

export interface CheckRunnerOptions {
  /** Keep a host started and waiting (the web runner); a one-off CLI check does not need one. */
  warm?: boolean;
  /**
   * Give each host job after job (the grader): every check still runs the
   * learner's code in a fresh test worker process, but Vitest is loaded once
   * per host instead of once per check. A host that times out or floods is
   * killed and replaced.
   */
  reuseHosts?: boolean;
  outputCapBytes?: number;
}

export class CheckRunner {
  private spare: Host | undefined;
  /** Hosts that finished a job and wait for the next (reuseHosts only). */
  private readonly idle: Host[] = [];
  /** Hosts started but not yet connected, by pid: only they may connect, once. */
  private readonly waiting = new Map<number, (socket: net.Socket) => void>();
  private closed = false;

  private constructor(
    private readonly control: ControlServer,
    private readonly options: CheckRunnerOptions,
  ) {}

  static async create(options: CheckRunnerOptions = {}): Promise<CheckRunner> {
    let runner: CheckRunner | undefined;
    const control = await listenControl((socket) => runner?.accept(socket));
    runner = new CheckRunner(control, options);
    if (options.warm) runner.spare = runner.startHost();
    return runner;
  }

  private accept(socket: net.Socket): void {
    let claimed = false;
    readMessages(socket, (message) => {
      // After the handshake, messages belong to the host's own reader.
      if (claimed) return;
      const pid = typeof message.pid === 'number' ? message.pid : -1;
      const claim = this.waiting.get(pid);
      if (message.type !== 'ready' || !claim) return void socket.destroy();
      claimed = true;
      this.waiting.delete(pid);
      claim(socket);
    });
    socket.on('error', () => socket.destroy());
  }

  private startHost(): Host {
    const { file, args } = nodeTypeScriptArgs(hostScript);
    const run = new PtyRun({
      file,
      args,
      cwd: projectRoot,
      env: childEnv({ [CONTROL_ENV]: this.control.address, ...(this.options.reuseHosts ? { [HOST_MODE_ENV]: 'serve' } : {}) }),
      cols: TERMINAL_COLS.default,
      rows: TERMINAL_ROWS.default,
      outputCapBytes: this.options.outputCapBytes ?? defaultLimits.outputCapBytes,
    });
    const host: Host = { run, control: Promise.resolve(undefined as unknown as net.Socket) };
    host.control = new Promise<net.Socket>((resolve, reject) => {
      this.waiting.set(run.pid, (socket) => {
        // One reader per host: each verdict belongs to the job the host is on.
        readMessages(socket, (message) => {
          if (message.type !== 'result') return;
          const parsed = checkResultSchema.safeParse(message.result);
          if (parsed.success) host.job?.verdict(parsed.data);
        });
        resolve(socket);
      });
      run.onExit((exit) => {
        this.waiting.delete(run.pid);
        const idleAt = this.idle.indexOf(host);
        if (idleAt !== -1) this.idle.splice(idleAt, 1);
        host.job?.stopped(exit);
        reject(new Error('the check host exited before it was ready'));
      });
    });
    host.control.catch(() => undefined);
    return host;
  }

  private takeHost(): Host {
    const reusable = this.idle.pop();
    if (reusable) return reusable;
    const host = this.spare && this.spare.run.running ? this.spare : this.startHost();
    this.spare = undefined;
    return host;
  }

  /**
   * Warm the next host once this check is over, not during it: on a 2-core
   * machine a host loading Vitest would steal the CPU the learner's code and
   * the tests need right now.
   */
  private replenish(): void {
    if (this.options.warm && !this.closed && !this.spare) this.spare = this.startHost();
  }

  start(request: CheckRequest): CheckHandle {
    const { exercise } = request;
    const seed = request.seed ?? randomInt(0, 2 ** 31);
    const host = this.takeHost();
    const { run } = host;
    run.resize(request.cols ?? TERMINAL_COLS.default, request.rows ?? TERMINAL_ROWS.default);
    run.resetOutputCount();
    run.startClock(request.checkMs ?? exercise.timeouts.checkMs);

    const job: CheckJob = {
      exercise: exercise.id,
      testFiles: request.testFiles ?? testFilesIn(exercise.testsDir),
      solutionPath: path.resolve(request.solutionPath),
      seed,
      testTimeoutMs: exercise.timeouts.testMs,
    };
    const started = performance.now();
    let settle: (result: CheckResult) => void = () => undefined;
    const result = new Promise<CheckResult>((resolve) => (settle = resolve));
    let verdict: CheckResult | undefined;
    host.job = {
      verdict: (reported) => {
        verdict = reported;
        if (this.options.reuseHosts) {
          run.stopClock();
          host.job = undefined;
          this.idle.push(host);
          settle(reported);
        } else {
          // The host wrote all its output before sending the verdict: let the
          // pty deliver what is already in flight, then answer without
          // waiting for the process to finish exiting.
          setTimeout(() => settle(reported), VERDICT_SETTLE_MS);
        }
      },
      // A host that dies, hangs or floods never sends a verdict: explain what stopped it.
      stopped: (exit) => settle(verdict ?? stoppedResult(exercise.id, seed, exit, performance.now() - started)),
    };
    host.control
      .then((socket) => sendMessage(socket, { type: 'job', job: job as unknown as Record<string, unknown> }))
      .catch(() => undefined);
    void result.then(() => this.replenish());
    return { run, result };
  }

  close(): void {
    this.closed = true;
    this.spare?.run.kill('shutdown');
    this.spare = undefined;
    for (const host of this.idle.splice(0)) host.run.kill('shutdown');
    this.control.close();
  }
}

/** The hidden test files of an exercise folder, in a stable order. */
export function testFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => path.join(dir, name));
}

const stopMessages: Record<string, { code: CheckErrorCode; message: string }> = {
  timeout: {
    code: 'TIMEOUT',
    message:
      'The check did not finish in time and was stopped. Something in your code keeps going forever: a loop that never ends, or a promise that never settles (a server function that never resolves, a reply that is never sent).',
  },
  'output-limit': {
    code: 'OUTPUT_LIMIT',
    message: 'The check printed far too much and was stopped. Is your code printing inside a loop, or logging every byte it receives?',
  },
  killed: { code: 'KILLED', message: 'The check was stopped before it finished.' },
  disconnected: { code: 'KILLED', message: 'The check was stopped because the page was closed.' },
  shutdown: { code: 'KILLED', message: 'The check was stopped because the runner shut down.' },
};

function stoppedResult(exercise: string, seed: number, exit: RunExit, durationMs: number): CheckResult {
  const error = exit.reason
    ? stopMessages[exit.reason]!
    : {
        code: 'CRASHED' as const,
        message: `The check process ended without a verdict (exit code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}). Your code may have ended the whole process, for example with process.exit() or process.abort().`,
      };
  return {
    exercise,
    status: 'error',
    error,
    tests: [],
    totals: { passed: 0, failed: 0, skipped: 0 },
    seed,
    durationMs: Math.round(durationMs),
    finishedAt: new Date().toISOString(),
  };
}
