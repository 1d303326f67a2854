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
      ...(bytes ? { size: bytes.length, label: label ?? printable(bytes, PREVIEW_BYTES) } : label ? { label } : {}),
    });
  }

  get isEmpty(): boolean {
    return this.events.length === 0;
  }

  toTrace(): Trace {
    // The lane of the learner's code is drawn last, on the right, whatever order things happened in.
    const lanes = [...this.lanes.filter((l) => !l.startsWith('your ')), ...this.lanes.filter((l) => l.startsWith('your '))];
    return { lanes: lanes.slice(0, 12), events: this.events, omitted: this.omitted };
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
