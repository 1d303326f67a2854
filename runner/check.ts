/**
 * Running a check: one exercise's hidden tests against one file, in a fresh
 * check host inside a pty. A host is started ahead of time and waits with
 * Vitest loaded, so pressing Run costs only the tests themselves; the next
 * host starts warming as soon as one is taken.
 */
import { randomInt } from 'node:crypto';
import type net from 'node:net';
import path from 'node:path';
import { checkResultSchema, type CheckErrorCode, type CheckResult } from '../schema/check-result.ts';
import { childEnv } from './child-env.ts';
import { CONTROL_ENV, listenControl, readMessages, sendMessage, type ControlServer } from './control-channel.ts';
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
}

export interface CheckHandle {
  run: PtyRun;
  /** Settles with the host's verdict, or with an explanation when the host stopped without one. */
  result: Promise<CheckResult>;
}

interface Host {
  run: PtyRun;
  control: Promise<net.Socket>;
}

export interface CheckRunnerOptions {
  /** Keep a host started and waiting (the web runner); a one-off CLI check does not need one. */
  warm?: boolean;
  outputCapBytes?: number;
}

export class CheckRunner {
  private spare: Host | undefined;
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
      const pid = typeof message.pid === 'number' ? message.pid : -1;
      const claim = this.waiting.get(pid);
      if (claimed || message.type !== 'ready' || !claim) return void socket.destroy();
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
      env: childEnv({ [CONTROL_ENV]: this.control.address }),
      cols: TERMINAL_COLS.default,
      rows: TERMINAL_ROWS.default,
      outputCapBytes: this.options.outputCapBytes ?? defaultLimits.outputCapBytes,
    });
    const control = new Promise<net.Socket>((resolve, reject) => {
      this.waiting.set(run.pid, resolve);
      run.onExit(() => {
        this.waiting.delete(run.pid);
        reject(new Error('the check host exited before it was ready'));
      });
    });
    control.catch(() => undefined);
    return { run, control };
  }

  private takeHost(): Host {
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
    run.startClock(request.checkMs ?? exercise.timeouts.checkMs);

    const job: CheckJob = {
      exercise: exercise.id,
      testsDir: exercise.testsDir,
      solutionPath: path.resolve(request.solutionPath),
      seed,
      testTimeoutMs: exercise.timeouts.testMs,
    };
    const started = performance.now();
    let settle: (result: CheckResult) => void = () => undefined;
    const result = new Promise<CheckResult>((resolve) => (settle = resolve));
    let verdict: CheckResult | undefined;
    host.control
      .then((socket) => {
        readMessages(socket, (message) => {
          if (message.type !== 'result') return;
          const parsed = checkResultSchema.safeParse(message.result);
          // The host wrote all its output before sending the verdict: let the
          // pty deliver what is already in flight, then answer without
          // waiting for the process to finish exiting.
          if (!parsed.success) return;
          verdict = parsed.data;
          setTimeout(() => settle(parsed.data), VERDICT_SETTLE_MS);
        });
        sendMessage(socket, { type: 'job', job: job as unknown as Record<string, unknown> });
      })
      .catch(() => undefined);
    // A host that dies, hangs or floods never sends a verdict: explain what stopped it.
    run.onExit((exit) => settle(verdict ?? stoppedResult(exercise.id, seed, exit, performance.now() - started)));
    void result.then(() => this.replenish());
    return { run, result };
  }

  close(): void {
    this.closed = true;
    this.spare?.run.kill('shutdown');
    this.spare = undefined;
    this.control.close();
  }
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
