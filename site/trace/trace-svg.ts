/**
 * Draws a wire trace as a sequence diagram: one vertical lane per peer, one
 * row per event, time flowing down. A pure function from data to an SVG
 * string, with no DOM, so the same code draws the lessons' figures at build
 * time and the exercise page's "What went over the wire" in the browser.
 *
 * Labels and lane names come from what the learner's code sent, so every
 * piece of text goes through `escapeXml` and nothing else is ever
 * interpolated into markup. Rows are spaced by event order, not by real time:
 * a trace with 0.1 ms between most events and a 1.5 s timeout at the end
 * would otherwise be unreadable. The real `t` is printed in the left margin.
 */
import type { z } from 'zod';
import type { TraceEvent, TraceEventKind, traceSchema } from '../../schema/trace.ts';

/**
 * What the renderer accepts: a parsed Trace, or the same data as written by
 * hand in a lesson (where `omitted` may be left out). Types only: importing
 * the schema's values here would put zod in the page's bundle.
 */
export type TraceInput = z.input<typeof traceSchema>;

export interface TraceSvgOptions {
  /** The SVG's `<title>` (a test name, a figure caption); the summary is used when absent. */
  title?: string;
  /** Draw at most this many events; the rest are counted in the final note. */
  maxEvents?: number;
  /** Print each event's `t` in the left margin. Default: when some event has `t` > 0 (lesson figures written by hand carry no timing). */
  showTimes?: boolean;
}

/**
 * A trace of a real test rarely needs more than a few dozen rows to show
 * what went wrong; past that a diagram is a wall, and the note says how much
 * was cut.
 */
export const DEFAULT_MAX_EVENTS = 60;

/** Events drawn as an arrow from one lane to another (when `to` names another lane). */
const ARROW_KINDS: ReadonlySet<TraceEventKind> = new Set<TraceEventKind>(['connect', 'data', 'datagram', 'segment', 'duplicate', 'drop', 'fin', 'rst']);

/** True when `event` is drawn as an arrow (`class="arrow"`): every kind that travels, when it has a peer lane. */
export function isArrowEvent(event: Pick<TraceEvent, 'kind' | 'from' | 'to'>): boolean {
  return ARROW_KINDS.has(event.kind) && typeof event.to === 'string' && event.to !== event.from;
}

// Geometry, in SVG user units (px at 100%). Text widths are estimated from
// character counts: there is no font measurement at build time, so labels
// use a monospace face whose advance is known (0.6 em for the usual ones).
const FONT_SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const FONT_MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
const LABEL_SIZE = 12;
const MONO_ADVANCE = 0.6 * LABEL_SIZE;
const LANE_NAME_SIZE = 13;
/** Generous estimate for a proportional bold face, so lane names never overflow their box. */
const SANS_ADVANCE = 0.62 * LANE_NAME_SIZE;
const SMALL_SIZE = 11;
const SMALL_ADVANCE = 0.6 * SMALL_SIZE;
const MIN_LANE_GAP = 150;
/** No gap between two lanes grows past this: a long preview is cut rather than widening the whole diagram. */
const MAX_LANE_GAP = 340;
/** Labels longer than this are cut with "…"; the full text stays in the element's tooltip. */
const MAX_LABEL_CHARS = 40;
const MAX_LANE_NAME_CHARS = 28;
const TOP = 12;
const HEADER_HEIGHT = 30;
const ARROW_ROW = 42;
const MARK_ROW = 34;
const ARROW_HEAD = 8;
const PAD_BOTTOM = 18;

const COLOR = {
  fg: 'var(--fg, #1f2937)',
  muted: 'var(--muted, #5b6472)',
  accent: 'var(--accent, #0f6fbf)',
  bad: 'var(--bad, #c0262d)',
  warn: 'var(--warn, #a15c00)',
  panel: 'var(--panel, #ffffff)',
  line: 'var(--line, #e3e5e8)',
  codeBg: 'var(--code-bg, #f4f5f7)',
  /** Halo behind text, so labels stay legible where they cross a lane line. */
  halo: 'var(--bg, #fbfbfa)',
};

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Makes any value safe as XML text or as a double- or single-quoted
 * attribute value. Control characters (not allowed in XML 1.0 at all) become
 * their visible Control Pictures (␀, ␊, …), lone surrogates become U+FFFD.
 */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Cuts `text` to at most `max` characters (code points, so no emoji is split), ending in "…" when cut. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

function charCount(text: string): number {
  return Array.from(text).length;
}

function formatMs(t: number): string {
  // The harness records to 0.1 ms; keep that while it tells close events apart.
  if (t < 100) return `${t.toFixed(1)} ms`;
  return `${Math.round(t).toLocaleString('en-US')} ms`;
}

function formatSize(size: number): string {
  return `${size.toLocaleString('en-US')} ${size === 1 ? 'byte' : 'bytes'}`;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Numbers that are safe to print in attributes: finite, rounded to 0.1. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

interface Row {
  event: TraceEvent;
  y: number;
}

/** The words shown on an arrow, before truncation: what kind of arrow, the preview, the size. */
function arrowText(event: TraceEvent): { main: string; size: string } {
  const label = event.label ?? '';
  const size = typeof event.size === 'number' && Number.isFinite(event.size) ? formatSize(event.size) : '';
  const prefix = event.kind === 'connect' ? 'connect' : event.kind === 'duplicate' ? 'duplicate' : '';
  const main = prefix && label ? `${prefix}: ${label}` : prefix || label;
  return { main, size };
}

/** The words shown beside a mark on one lane. */
function markText(event: TraceEvent): string {
  const label = event.label ?? '';
  switch (event.kind) {
    case 'timeout':
      return label ? `timed out: ${label}` : 'timed out';
    case 'note':
      return label;
    case 'drop':
      return label ? `dropped: ${label}` : 'dropped';
    case 'fin':
    case 'rst':
      return label;
    default:
      return label || event.kind;
  }
}

/** A short sentence per event, for the SVG's `<desc>` (what a screen reader can read out). */
function describeEvent(event: TraceEvent): string {
  const text = [event.label, typeof event.size === 'number' ? formatSize(event.size) : ''].filter(Boolean).join(', ');
  const route = isArrowEvent(event) ? `${event.from} to ${event.to}` : `on ${event.from}`;
  const what: Record<string, string> = { fin: 'FIN', rst: 'RST', timeout: 'timed out', drop: 'dropped', duplicate: 'duplicate' };
  return `${what[event.kind] ?? event.kind} ${route}${text ? `: ${text}` : ''}`;
}

/** Normalises hand-written or stored data so the drawing code can trust it. */
function normalise(trace: TraceInput): { lanes: string[]; events: TraceEvent[]; omitted: number } {
  const lanes = (Array.isArray(trace?.lanes) ? trace.lanes : []).map((lane) => String(lane));
  const events: TraceEvent[] = (Array.isArray(trace?.events) ? trace.events : []).map((e) => ({
    t: Number.isFinite(e?.t) && e.t >= 0 ? e.t : 0,
    kind: e?.kind,
    from: String(e?.from ?? ''),
    to: e?.to === undefined || e?.to === null ? undefined : String(e.to),
    size: Number.isFinite(e?.size) && (e.size as number) >= 0 ? e.size : undefined,
    label: e?.label === undefined || e?.label === null ? undefined : String(e.label),
  }));
  // A lane an event names but the list forgot is still drawn, at the right.
  for (const event of events) {
    if (!lanes.includes(event.from)) lanes.push(event.from);
    if (event.to !== undefined && !lanes.includes(event.to)) lanes.push(event.to);
  }
  if (lanes.length === 0) lanes.push('');
  const omitted = Number.isFinite(trace?.omitted) && (trace.omitted as number) > 0 ? Math.floor(trace.omitted as number) : 0;
  return { lanes, events, omitted };
}

/**
 * Where the lanes go. Each gap between neighbouring lanes is only as wide as
 * what is drawn across or beside it needs (within limits), so one long
 * label next to "your server" does not push every other lane apart.
 */
interface Layout {
  index: Map<string, number>;
  /** Centre of each lane. */
  xs: number[];
  /** Room right of each lane up to its neighbour; Infinity at the right edge (the padding was sized for it). */
  roomRight: number[];
  /** Room left of each lane; Infinity at the left edge. */
  roomLeft: number[];
}

/** How many characters of an arrow's text are asked for: the preview (capped) and the size. */
function arrowChars(event: TraceEvent): number {
  const { main, size } = arrowText(event);
  return Math.min(charCount(main), MAX_LABEL_CHARS) + (size ? charCount(size) + 1 : 0);
}

function noteWidth(chars: number): number {
  return chars * MONO_ADVANCE + 16;
}

function markReach(event: TraceEvent, chars: number): number {
  return symbolWidth(event) + 2 + chars * MONO_ADVANCE;
}

function symbolWidth(event: TraceEvent): number {
  return event.kind === 'fin' || event.kind === 'rst' ? 18 : 12;
}

/** Marks on the last lane (of several) put their words on its left, where there is room. */
function textGoesLeft(laneIndex: number, last: number): boolean {
  return laneIndex === last && last > 0;
}

function computeGaps(lanes: string[], events: TraceEvent[], index: Map<string, number>): number[] {
  const last = lanes.length - 1;
  const gaps = Array.from({ length: last }, () => MIN_LANE_GAP);
  const atLeast = (i: number, value: number) => {
    if (i >= 0 && i < last) gaps[i] = Math.max(gaps[i]!, value);
  };
  for (let i = 0; i < last; i++) atLeast(i, (laneName(lanes[i]!).width + laneName(lanes[i + 1]!).width) / 2 + 12);
  for (const event of events) {
    if (isArrowEvent(event)) continue;
    const i = index.get(event.from)!;
    const chars = Math.min(charCount(markText(event)), MAX_LABEL_CHARS);
    if (event.kind === 'note') {
      atLeast(i - 1, noteWidth(chars) / 2 + 14);
      atLeast(i, noteWidth(chars) / 2 + 14);
    } else {
      atLeast(textGoesLeft(i, last) ? i - 1 : i, markReach(event, chars) + 16);
    }
  }
  // Arrows over one gap first: wider arrows then share out only what is still missing.
  const arrows = events
    .filter(isArrowEvent)
    .map((event) => ({ event, a: index.get(event.from)!, b: index.get(event.to!)! }))
    .sort((p, q) => Math.abs(p.b - p.a) - Math.abs(q.b - q.a));
  for (const { event, a, b } of arrows) {
    const need = arrowChars(event) * MONO_ADVANCE + 40;
    if (event.kind === 'drop') {
      // A dropped datagram's label sits over the part it travelled, at most half of its first gap (see arrowMiddle).
      atLeast(b > a ? a : a - 1, 2 * need);
      continue;
    }
    const from = Math.min(a, b);
    const to = Math.max(a, b);
    const have = gaps.slice(from, to).reduce((sum, g) => sum + g, 0);
    if (have < need) for (let i = from; i < to; i++) gaps[i]! += (need - have) / (to - from);
  }
  return gaps.map((g) => Math.min(MAX_LANE_GAP, Math.ceil(g)));
}

export function renderTraceSvg(trace: TraceInput, options: TraceSvgOptions = {}): string {
  const { lanes, events: allEvents, omitted } = normalise(trace);
  const maxEvents = Number.isFinite(options.maxEvents) ? Math.max(0, Math.floor(options.maxEvents!)) : DEFAULT_MAX_EVENTS;
  const events = allEvents.slice(0, maxEvents);
  const notShown = allEvents.length - events.length + omitted;
  const showTimes = options.showTimes ?? events.some((e) => e.t > 0);
  const index = new Map(lanes.map((lane, i) => [lane, i]));
  const last = lanes.length - 1;
  const gaps = computeGaps(lanes, events, index);
  const lanesWidth = gaps.reduce((sum, g) => sum + g, 0);
  const omittedText = notShown > 0 ? `… ${notShown.toLocaleString('en-US')} more ${notShown === 1 ? 'event' : 'events'} not shown` : '';
  const omittedWidth = charCount(omittedText) * SMALL_ADVANCE + 24;

  // The outer lanes get only the room their own name box and marks need, so
  // a two-lane trace does not float in empty margins.
  let leftPad = laneName(lanes[0]!).width / 2;
  let rightPad = laneName(lanes[last]!).width / 2;
  for (const event of events) {
    if (isArrowEvent(event)) continue;
    const i = index.get(event.from)!;
    const chars = Math.min(charCount(markText(event)), MAX_LABEL_CHARS);
    const toLeft = textGoesLeft(i, last);
    const left = event.kind === 'note' ? noteWidth(chars) / 2 : toLeft ? markReach(event, chars) : symbolWidth(event);
    const right = event.kind === 'note' ? noteWidth(chars) / 2 : toLeft ? symbolWidth(event) : markReach(event, chars);
    if (i === 0) leftPad = Math.max(leftPad, left);
    if (i === last) rightPad = Math.max(rightPad, right);
  }
  if (omittedText) {
    const spare = (omittedWidth - lanesWidth) / 2;
    leftPad = Math.max(leftPad, spare);
    rightPad = Math.max(rightPad, spare);
  }
  const timeWidth = showTimes ? Math.max(...events.map((e) => charCount(formatMs(e.t))), 4) * SMALL_ADVANCE + 12 : 0;
  const xs = [timeWidth + 12 + leftPad];
  for (const gap of gaps) xs.push(xs.at(-1)! + gap);
  const layout: Layout = {
    index,
    xs,
    roomRight: lanes.map((_, i) => (i < last ? gaps[i]! : Infinity)),
    roomLeft: lanes.map((_, i) => (i > 0 ? gaps[i - 1]! : Infinity)),
  };
  const width = Math.ceil(xs[last]! + rightPad + 12);

  let y = TOP + HEADER_HEIGHT + 16;
  const rows: Row[] = events.map((event) => {
    const height = isArrowEvent(event) ? ARROW_ROW : MARK_ROW;
    const row = { event, y: y + (isArrowEvent(event) ? 10 : 4) };
    y += height;
    return row;
  });
  const omittedY = notShown > 0 ? y + 6 : undefined;
  if (notShown > 0) y += MARK_ROW;
  const laneBottom = y;
  const height = Math.ceil(laneBottom + PAD_BOTTOM);

  const total = allEvents.length + omitted;
  const summary =
    `Sequence diagram: ${total} ${total === 1 ? 'event' : 'events'} between ${listNames(lanes)}` +
    (notShown > 0 ? ` (${notShown} not shown)` : '');
  const title = options.title ? String(options.title) : summary;
  const label = options.title ? `${options.title}. ${summary}` : summary;
  const desc = events.map((event, i) => `${i + 1}. ${describeEvent(event)}.`).join(' ') + (notShown > 0 ? ` ${notShown} more events not shown.` : '');

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="trace-svg" role="img" aria-label="${escapeXml(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_SANS)}" style="color: ${COLOR.fg}">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(desc)}</desc>`,
  );

  // Lanes: a name box at the top, a line down to the last row.
  lanes.forEach((lane, i) => {
    const x = xs[i]!;
    const { name, width: boxWidth } = laneName(lane);
    out.push(
      `<g class="lane" data-lane="${escapeXml(lane)}">`,
      `<line x1="${n(x)}" y1="${TOP + HEADER_HEIGHT}" x2="${n(x)}" y2="${n(laneBottom)}" stroke-width="1.5" style="stroke: ${COLOR.muted}" stroke-opacity="0.55"/>`,
      `<rect x="${n(x - boxWidth / 2)}" y="${TOP}" width="${n(boxWidth)}" height="${HEADER_HEIGHT}" rx="6" style="fill: ${COLOR.panel}; stroke: ${COLOR.muted}"/>`,
      `<text x="${n(x)}" y="${TOP + HEADER_HEIGHT / 2 + 4.5}" text-anchor="middle" font-size="${LANE_NAME_SIZE}" font-weight="600" fill="currentColor">${escapeXml(name)}</text>`,
      `</g>`,
    );
  });

  for (const { event, y: rowY } of rows) {
    if (showTimes) {
      out.push(
        `<text class="time" x="${n(timeWidth)}" y="${n(rowY + 4)}" text-anchor="end" font-size="${SMALL_SIZE}" style="fill: ${COLOR.muted}">${escapeXml(formatMs(event.t))}</text>`,
      );
    }
    out.push(isArrowEvent(event) ? drawArrow(event, rowY, layout) : drawMark(event, rowY, layout));
  }

  if (omittedY !== undefined) {
    const cx = xs[0]! + lanesWidth / 2;
    out.push(
      `<g class="omitted">`,
      `<rect x="${n(cx - omittedWidth / 2)}" y="${n(omittedY - 11)}" width="${n(omittedWidth)}" height="22" rx="11" stroke-dasharray="3 3" style="fill: ${COLOR.panel}; stroke: ${COLOR.muted}"/>`,
      `<text x="${n(cx)}" y="${n(omittedY + 4)}" text-anchor="middle" font-size="${SMALL_SIZE}" font-style="italic" style="fill: ${COLOR.muted}">${escapeXml(omittedText)}</text>`,
      `</g>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

/** A lane's name as drawn (long names cut) and the width of its box. */
function laneName(lane: string): { name: string; width: number } {
  const name = truncate(lane, MAX_LANE_NAME_CHARS);
  return { name, width: Math.max(72, charCount(name) * SANS_ADVANCE + 20) };
}

/** Characters that fit in `px`, at least a few, at most MAX_LABEL_CHARS. */
function fits(px: number): number {
  return Math.max(4, Math.min(MAX_LABEL_CHARS, Math.floor(px / MONO_ADVANCE)));
}

/** Text with a halo in the page's background colour, so it reads over lane lines. */
function haloText(x: number, y: number, text: string, attrs: string, fill: string): string {
  return `<text x="${n(x)}" y="${n(y)}" ${attrs} paint-order="stroke" stroke-width="4" stroke-linejoin="round" style="fill: ${fill}; stroke: ${COLOR.halo}">${text}</text>`;
}

/** A small rounded tag with a word in it (FIN, RST), centred on (x, y). */
function tag(x: number, y: number, word: string, color: string): string {
  const w = charCount(word) * SMALL_ADVANCE + 10;
  return (
    `<rect x="${n(x - w / 2)}" y="${n(y - 8)}" width="${n(w)}" height="16" rx="4" style="fill: ${COLOR.panel}; stroke: ${color}"/>` +
    `<text x="${n(x)}" y="${n(y + 4)}" text-anchor="middle" font-size="${SMALL_SIZE}" font-weight="700" font-family="${escapeXml(FONT_MONO)}" style="fill: ${color}">${escapeXml(word)}</text>`
  );
}

/** A red ✗ drawn as two strokes (no font needed), centred on (x, y). */
function cross(x: number, y: number): string {
  return `<path d="M${n(x - 5)} ${n(y - 5)}L${n(x + 5)} ${n(y + 5)}M${n(x + 5)} ${n(y - 5)}L${n(x - 5)} ${n(y + 5)}" stroke-width="2.5" stroke-linecap="round" style="stroke: ${COLOR.bad}"/>`;
}

/**
 * Where on an arrow its FIN/RST tag goes, and where a dropped datagram stops:
 * half way, moved into the middle of a gap when half way is an intermediate
 * lane, so a mark is never drawn on a lane it does not belong to.
 */
function arrowMiddle(xs: number[], a: number, b: number): number {
  const mid = (xs[a]! + xs[b]!) / 2;
  const dir = Math.sign(b - a);
  for (let i = a; i !== b; i += dir) {
    const near = xs[i]!;
    const far = xs[i + dir]!;
    if (dir * (far - mid) >= -1) return (near + far) / 2;
  }
  return mid;
}

function drawArrow(event: TraceEvent, y: number, layout: Layout): string {
  const a = layout.index.get(event.from)!;
  const b = layout.index.get(event.to!)!;
  const x1 = layout.xs[a]!;
  const xTo = layout.xs[b]!;
  const dir = Math.sign(xTo - x1);
  const dropped = event.kind === 'drop';
  const middle = arrowMiddle(layout.xs, a, b);
  // A dropped datagram stops half way, where the relay lost it.
  const x2 = dropped ? middle : xTo;
  const color =
    event.kind === 'rst' || dropped ? COLOR.bad : event.kind === 'connect' ? COLOR.accent : event.kind === 'duplicate' ? COLOR.warn : 'currentColor';
  const stroke = color === 'currentColor' ? 'stroke="currentColor"' : `style="stroke: ${color}"`;
  const fill = color === 'currentColor' ? 'fill="currentColor"' : `style="fill: ${color}"`;
  const dash = event.kind === 'connect' ? ' stroke-dasharray="7 4"' : event.kind === 'duplicate' ? ' stroke-dasharray="2 3"' : '';
  const strokeWidth = event.kind === 'connect' ? 2.5 : 1.6;

  const parts: string[] = [`<g class="arrow" data-kind="${escapeXml(event.kind)}">`];
  parts.push(`<title>${escapeXml(describeEvent(event))}</title>`);
  const lineEnd = dropped ? x2 - dir * 7 : x2 - dir * ARROW_HEAD;
  parts.push(`<line x1="${n(x1)}" y1="${n(y)}" x2="${n(lineEnd)}" y2="${n(y)}" stroke-width="${strokeWidth}"${dash} ${stroke}/>`);
  if (dropped) {
    parts.push(cross(x2, y));
    parts.push(
      haloText(x2 + dir * 10, y + 4, 'dropped', `text-anchor="${dir > 0 ? 'start' : 'end'}" font-size="${SMALL_SIZE}" font-style="italic"`, COLOR.bad),
    );
  } else {
    parts.push(`<path d="M${n(x2)} ${n(y)}L${n(x2 - dir * ARROW_HEAD)} ${n(y - 4.5)}L${n(x2 - dir * ARROW_HEAD)} ${n(y + 4.5)}Z" ${fill}/>`);
  }

  const tagWord = event.kind === 'fin' ? 'FIN' : event.kind === 'rst' ? 'RST' : '';
  if (tagWord) parts.push(tag(middle, y, tagWord, event.kind === 'rst' ? COLOR.bad : 'currentColor'));

  // The label sits above the line, over its middle (a dropped datagram's over
  // the half it travelled); with a tag in the way it moves up a little.
  const { main, size } = arrowText(event);
  const shown = truncate(main, fits(Math.abs(x2 - x1) - 28 - (size ? (charCount(size) + 1) * MONO_ADVANCE : 0)));
  if (shown || size) {
    const labelY = y - (tagWord ? 12 : 7);
    const sizeSpan = size ? `${shown ? ' ' : ''}<tspan style="fill: ${COLOR.muted}">${escapeXml(size)}</tspan>` : '';
    parts.push(
      haloText(
        x1 + (x2 - x1) / 2,
        labelY,
        `${escapeXml(shown)}${sizeSpan}`,
        `text-anchor="middle" font-size="${LABEL_SIZE}" font-family="${escapeXml(FONT_MONO)}"${event.kind === 'segment' || event.kind === 'connect' ? ' font-weight="600"' : ''}`,
        color === 'currentColor' ? 'currentColor' : color,
      ),
    );
  }
  parts.push('</g>');
  return parts.join('');
}

function drawMark(event: TraceEvent, y: number, layout: Layout): string {
  const i = layout.index.get(event.from)!;
  const x = layout.xs[i]!;
  const parts: string[] = [`<g class="mark" data-kind="${escapeXml(event.kind)}">`, `<title>${escapeXml(describeEvent(event))}</title>`];
  if (event.kind === 'note') {
    // Centred on the lane: half of it must fit before each neighbour.
    const room = Math.min(layout.roomLeft[i]!, layout.roomRight[i]!);
    const text = truncate(markText(event), fits(2 * (room - 14) - 16));
    const w = noteWidth(charCount(text));
    parts.push(
      `<rect x="${n(x - w / 2)}" y="${n(y - 11)}" width="${n(w)}" height="22" rx="3" style="fill: ${COLOR.codeBg}; stroke: ${COLOR.muted}"/>`,
      `<text x="${n(x)}" y="${n(y + 4)}" text-anchor="middle" font-size="${LABEL_SIZE}" font-family="${escapeXml(FONT_MONO)}" fill="currentColor">${escapeXml(text)}</text>`,
    );
  } else {
    // The symbol sits on the lane; its words go to the side with room.
    const toLeft = textGoesLeft(i, layout.xs.length - 1);
    const symbol = symbolWidth(event);
    const room = toLeft ? layout.roomLeft[i]! : layout.roomRight[i]!;
    const text = truncate(markText(event), fits(room - 16 - symbol - 2));
    let color = 'currentColor';
    if (event.kind === 'timeout') {
      color = COLOR.warn;
      parts.push(
        `<path d="M${n(x - 5)} ${n(y - 7)}H${n(x + 5)}L${n(x - 5)} ${n(y + 7)}H${n(x + 5)}Z" stroke-width="1.5" stroke-linejoin="round" style="fill: ${COLOR.panel}; stroke: ${color}"/>`,
      );
    } else if (event.kind === 'fin' || event.kind === 'rst') {
      color = event.kind === 'rst' ? COLOR.bad : 'currentColor';
      parts.push(tag(x, y, event.kind.toUpperCase(), color));
    } else if (event.kind === 'drop') {
      color = COLOR.bad;
      parts.push(cross(x, y));
    } else {
      parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="4" fill="currentColor"/>`);
    }
    if (text) {
      const tx = toLeft ? x - symbol - 2 : x + symbol + 2;
      parts.push(
        haloText(tx, y + 4, escapeXml(text), `text-anchor="${toLeft ? 'end' : 'start'}" font-size="${LABEL_SIZE}" font-family="${escapeXml(FONT_MONO)}"`, color),
      );
    }
  }
  parts.push('</g>');
  return parts.join('');
}
