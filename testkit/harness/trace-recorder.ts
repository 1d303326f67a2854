/**
 * Records what the harness's peers see on the wire during one test. Every
 * hidden test file gets a fresh recorder per test (see testkit/setup.ts);
 * peers write to whichever recorder is current, and the trace travels to the
 * check result in the test's metadata.
 */
import type { Trace, TraceEvent, TraceEventKind } from '../../schema/trace.ts';
import { printable } from '../explain.ts';

/** A trace is for reading, not archiving: past this many events only a count is kept. */
const MAX_EVENTS = 400;
/** Arrows drawn one by one at the start of a run of chunks in one direction; the rest of the run becomes one. */
const RUN_SHOWN = 4;
const PREVIEW_BYTES = 24;
/** The schema's limit on lanes (schema/trace.ts). */
const MAX_LANES = 12;
/** The schema's limit on a label (schema/trace.ts): a longer one would make the whole trace invalid, and it would be dropped. */
const MAX_LABEL = 120;

function clampLabel(label: string): string {
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1)}…`;
}

declare module 'vitest' {
  interface TaskMeta {
    trace?: Trace;
    leftovers?: string[];
  }
}

export class TraceRecorder {
  private readonly started = performance.now();
  private readonly lanes: string[] = [];
  private readonly events: TraceEvent[] = [];
  private omitted = 0;
  /** How many chunks each folded arrow stands for. */
  private readonly folded = new Map<TraceEvent, number>();

  /** Fix the left-to-right order of lanes (the learner's code usually goes last). */
  lane(name: string): void {
    if (!this.lanes.includes(name)) this.lanes.push(name);
  }

  record(kind: TraceEventKind, from: string, to?: string, data?: Buffer | string, label?: string): void {
    this.lane(from);
    if (to) this.lane(to);
    if (kind === 'data' && data !== undefined && from.startsWith('your ') && this.foldIntoRun(from, to, data)) return;
    if (this.events.length >= MAX_EVENTS) {
      this.omitted += 1;
      return;
    }
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.events.push({
      t: Math.round((performance.now() - this.started) * 10) / 10,
      kind,
      from,
      ...(to ? { to } : {}),
      ...(bytes ? { size: bytes.length, label: clampLabel(label ?? printable(bytes, PREVIEW_BYTES)) } : label ? { label: clampLabel(label) } : {}),
    });
  }

  /**
   * A long run of stream chunks from the learner's code (a bulk echo read
   * 64 KiB at a time) says nothing chunk by chunk — the kernel chose those
   * boundaries: after RUN_SHOWN arrows the rest of the run folds into one
   * arrow that counts chunks and bytes. What the tests send is never folded:
   * there the chunk boundaries are the point.
   */
  private foldIntoRun(from: string, to: string | undefined, data: Buffer | string): boolean {
    let run = 0;
    for (let i = this.events.length - 1; i >= 0; i--) {
      const event = this.events[i]!;
      if (event.kind !== 'data' || event.from !== from || event.to !== to) break;
      run += 1;
    }
    if (run < RUN_SHOWN + 1) return false;
    const folded = this.events[this.events.length - 1]!;
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    const chunks = (this.folded.get(folded) ?? 1) + 1;
    this.folded.set(folded, chunks);
    folded.size = (folded.size ?? 0) + bytes;
    folded.label = `… ${chunks} more chunks`;
    return true;
  }

  get isEmpty(): boolean {
    return this.events.length === 0;
  }

  toTrace(): Trace {
    // The lane of the learner's code is drawn last, on the right, whatever order things happened in.
    const yours = this.lanes.filter((l) => l.startsWith('your ')).slice(0, MAX_LANES);
    const others = this.lanes.filter((l) => !l.startsWith('your ')).slice(0, MAX_LANES - yours.length);
    const lanes = [...others, ...yours];
    // Past the lane limit the test's own lanes go, never the learner's, and
    // so do their events: an arrow to a lane that is not drawn cannot be drawn.
    const drawn = new Set(lanes);
    const events = this.events.filter((e) => drawn.has(e.from) && (e.to === undefined || drawn.has(e.to)));
    return { lanes, events, omitted: this.omitted + this.events.length - events.length };
  }
}

let current: TraceRecorder | undefined;

export function startTrace(): TraceRecorder {
  current = new TraceRecorder();
  return current;
}

/** The current test's recorder; a no-op recorder outside tests (e.g. a helper used at import time). */
export function trace(): TraceRecorder {
  current ??= new TraceRecorder();
  return current;
}
