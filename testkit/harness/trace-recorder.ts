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

  /** Fix the left-to-right order of lanes (the learner's code usually goes last). */
  lane(name: string): void {
    if (!this.lanes.includes(name)) this.lanes.push(name);
  }

  record(kind: TraceEventKind, from: string, to?: string, data?: Buffer | string, label?: string): void {
    this.lane(from);
    if (to) this.lane(to);
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
