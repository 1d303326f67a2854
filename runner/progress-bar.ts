/** Progress of a long job: a redrawn bar with ETA on a terminal, plain lines in logs and CI. */
export interface ProgressReporter {
  update(done: number, total: number, current: string): void;
  finish(): void;
}

const BAR_WIDTH = 28;
/** In a log, one line per this share of the work: enough to see it move, few enough to read. */
const LOG_EVERY = 0.1;

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.max(0, Math.round(seconds))} s`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = performance.now();
  let lastLogged = -1;
  return {
    update(done, total, current) {
      const elapsed = (performance.now() - started) / 1000;
      const eta = done ? (elapsed / done) * (total - done) : Infinity;
      if (stream.isTTY) {
        const filled = Math.round((done / total) * BAR_WIDTH);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
        stream.write(`\r\x1b[2K${bar} ${done}/${total} · ETA ${formatSeconds(eta)} · ${current}`);
      } else if (done === total || Math.floor((done / total) / LOG_EVERY) > lastLogged) {
        lastLogged = Math.floor((done / total) / LOG_EVERY);
        stream.write(`graded ${done}/${total} (${Math.round((done / total) * 100)}%), ETA ${formatSeconds(eta)}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
