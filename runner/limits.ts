/**
 * Every limit the runner enforces, with the reason for its value. Each can be
 * overridden where the runner is created (tests use small ones).
 */
export interface Limits {
  /** Bytes a single run may print before it is stopped: a flood must not freeze the page or fill memory. */
  outputCapBytes: number;
  /** Wall clock for a learner program or shell started from the page. */
  programMs: number;
  /** Unacknowledged terminal bytes above which the pty is paused (xterm.js flow-control guide, VS Code uses ~100 kB). */
  highWatermark: number;
  /** Unacknowledged bytes below which a paused pty resumes; far below the high mark so we do not flap. */
  lowWatermark: number;
  /** Largest WebSocket message accepted from the page; control messages are tiny, input is typed by a human. */
  maxMessageBytes: number;
  /** Terminal sessions one page may hold at once (server pane, client pane, check, shell…). */
  maxSessionsPerConnection: number;
}

export const defaultLimits: Limits = {
  outputCapBytes: 2 * 1024 * 1024,
  programMs: 10 * 60_000,
  highWatermark: 100_000,
  lowWatermark: 10_000,
  maxMessageBytes: 64 * 1024,
  maxSessionsPerConnection: 8,
};

/** Terminal sizes outside this range are clamped: a zero or huge size crashes or stalls some programs. */
export const TERMINAL_COLS = { min: 20, max: 500, default: 100 };
export const TERMINAL_ROWS = { min: 5, max: 200, default: 30 };

export function clampSize(value: number | undefined, range: { min: number; max: number; default: number }): number {
  if (value === undefined || !Number.isFinite(value)) return range.default;
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}
