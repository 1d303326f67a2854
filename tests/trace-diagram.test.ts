/**
 * The sequence-diagram renderer: the right shapes for each event kind, every
 * piece of learner data escaped, long traces cut with a note, and output
 * that is well-formed XML (it is inserted into the exercise page as markup).
 */
import { describe, expect, test } from 'vitest';
import type { Trace, TraceEvent } from '../schema/trace.ts';
import { DEFAULT_MAX_EVENTS, escapeXml, isArrowEvent, renderTraceSvg } from '../site/trace/trace-svg.ts';
import { parseXml } from './support/xml.ts';

const SERVER = 'your server';
const CLIENT = 'client 1';

const echoTrace: Trace = {
  lanes: [CLIENT, SERVER],
  events: [
    { t: 0, kind: 'connect', from: CLIENT, to: SERVER },
    { t: 0.4, kind: 'data', from: CLIENT, to: SERVER, size: 5, label: 'hello' },
    { t: 0.9, kind: 'data', from: SERVER, to: CLIENT, size: 5, label: 'hello' },
    { t: 1.2, kind: 'fin', from: CLIENT, to: SERVER },
    { t: 1.5, kind: 'note', from: SERVER, label: 'paused reading' },
    { t: 1501, kind: 'timeout', from: CLIENT, label: 'no FIN from the server' },
    { t: 1502, kind: 'rst', from: CLIENT, to: SERVER },
  ],
  omitted: 0,
};

function count(svg: string, needle: string): number {
  return svg.split(needle).length - 1;
}

/** Well-formed XML with one <svg> root. */
function assertWellFormed(svg: string): void {
  expect(parseXml(svg).name).toBe('svg');
}

describe('renderTraceSvg', () => {
  test('draws one arrow per event that travels between lanes, with its kind', () => {
    const svg = renderTraceSvg(echoTrace);
    // connect, 2 × data, fin and rst (both with a peer lane) are arrows; the note and the timeout are marks.
    expect(count(svg, 'class="arrow"')).toBe(5);
    expect(count(svg, 'class="arrow"')).toBe(echoTrace.events.filter(isArrowEvent).length);
    expect(count(svg, 'data-kind="connect"')).toBe(1);
    expect(count(svg, 'data-kind="data"')).toBe(2);
    expect(count(svg, 'data-kind="fin"')).toBe(1);
    expect(count(svg, 'data-kind="rst"')).toBe(1);
    expect(count(svg, 'data-kind="note"')).toBe(1);
    expect(count(svg, 'data-kind="timeout"')).toBe(1);
    expect(count(svg, 'data-kind=')).toBe(echoTrace.events.length);
    assertWellFormed(svg);
  });

  test('names the lanes, labels arrows with preview and size, prints times and the marks', () => {
    const svg = renderTraceSvg(echoTrace);
    expect(svg).toContain(`>${CLIENT}</text>`);
    expect(svg).toContain(`>${SERVER}</text>`);
    expect(svg).toContain('hello');
    expect(svg).toContain('5 bytes');
    expect(svg).toContain('>connect<');
    expect(svg).toContain('>FIN<');
    expect(svg).toContain('>RST<');
    expect(svg).toContain('timed out: no FIN from the server');
    expect(svg).toContain('paused reading');
    expect(svg).toContain('>0.4 ms<');
    expect(svg).toContain('>1,501 ms<');
  });

  test('is an accessible image with a title and a summary', () => {
    const svg = renderTraceSvg(echoTrace, { title: 'echo > returns data' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* role="img"/);
    expect(svg).toContain('<title>echo &gt; returns data</title>');
    expect(svg).toContain('aria-label="echo &gt; returns data. Sequence diagram: 7 events between client 1 and your server"');
    expect(renderTraceSvg(echoTrace)).toContain('<title>Sequence diagram: 7 events between client 1 and your server</title>');
  });

  test('draws drops half way with a ✗, duplicates and marks without a peer', () => {
    const svg = renderTraceSvg({
      lanes: ['sender', 'relay', 'your server'],
      events: [
        { t: 1, kind: 'datagram', from: 'sender', to: 'your server', size: 3, label: 'one' },
        { t: 2, kind: 'drop', from: 'sender', to: 'your server', size: 3, label: 'two' },
        { t: 3, kind: 'duplicate', from: 'relay', to: 'your server', size: 3, label: 'one' },
        { t: 4, kind: 'fin', from: 'your server' },
        { t: 5, kind: 'segment', from: 'sender', to: 'relay', label: 'SYN seq=x' },
      ],
    });
    expect(count(svg, 'class="arrow"')).toBe(4);
    expect(count(svg, 'class="mark"')).toBe(1);
    expect(svg).toContain('>dropped<');
    expect(svg).toContain('duplicate: one');
    expect(svg).toContain('SYN seq=x');
    assertWellFormed(svg);
  });

  test('escapes hostile labels and lane names', () => {
    const hostile = '<script>alert("&")</script>';
    const svg = renderTraceSvg(
      {
        lanes: ['<img src=x onerror=alert(1)>', `"&'`],
        events: [
          { t: 0, kind: 'data', from: '<img src=x onerror=alert(1)>', to: `"&'`, size: 27, label: hostile },
          { t: 1, kind: 'note', from: `"&'`, label: '"&\' onload="x' },
          { t: 2, kind: 'data', from: `"&'`, to: 'a lane nobody declared', label: 'bell\u0007 nul\u0000 lone\ud800' },
        ],
      },
      { title: '</title><script>' },
    );
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<img/i);
    expect(svg).not.toContain('onload="');
    expect(svg).toContain('&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;');
    expect(svg).toContain('&quot;&amp;&#39;');
    expect(svg).toContain('bell␇ nul␀ lone\ufffd');
    expect(svg).toContain('a lane nobody declared');
    assertWellFormed(svg);
  });

  test('says how many events are not shown, from omitted and from maxEvents', () => {
    expect(renderTraceSvg({ ...echoTrace, omitted: 12 })).toContain('… 12 more events not shown');
    expect(renderTraceSvg(echoTrace)).not.toContain('not shown');

    const capped = renderTraceSvg(echoTrace, { maxEvents: 3 });
    expect(count(capped, 'data-kind=')).toBe(3);
    expect(capped).toContain('… 4 more events not shown');
    expect(capped).toContain('aria-label="Sequence diagram: 7 events between client 1 and your server (4 not shown)"');
    assertWellFormed(capped);

    const events: TraceEvent[] = Array.from({ length: 100 }, (_, i) => ({ t: i, kind: 'datagram', from: 'a', to: 'b', size: 1, label: String(i) }));
    const long = renderTraceSvg({ lanes: ['a', 'b'], events, omitted: 5 });
    expect(count(long, 'class="arrow"')).toBe(DEFAULT_MAX_EVENTS);
    expect(long).toContain(`… ${100 - DEFAULT_MAX_EVENTS + 5} more events not shown`);
  });

  test('hides the time column when the trace carries no timing (hand-written lesson figures)', () => {
    const svg = renderTraceSvg({ lanes: ['client', 'server'], events: [{ t: 0, kind: 'segment', from: 'client', to: 'server', label: 'SYN seq=x' }] });
    expect(svg).not.toContain('class="time"');
    expect(renderTraceSvg(echoTrace)).toContain('class="time"');
  });

  test('widens only the gaps that need it', () => {
    const svg = renderTraceSvg({
      lanes: ['client 1', 'client 2', 'your server'],
      events: [{ t: 0, kind: 'data', from: 'client 2', to: 'your server', size: 30, label: 'a rather long preview of bytes' }],
    });
    const xs = [...svg.matchAll(/<g class="lane"[^>]*><line x1="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(3);
    expect(xs[2]! - xs[1]!).toBeGreaterThan(xs[1]! - xs[0]!);
  });

  test('cuts very long labels but keeps the full text in a tooltip', () => {
    const label = 'x'.repeat(120);
    const svg = renderTraceSvg({ lanes: ['a', 'b'], events: [{ t: 0, kind: 'data', from: 'a', to: 'b', size: 120, label }] });
    expect(svg).toContain('…');
    expect(svg).toContain(`<title>data a to b: ${label}, 120 bytes</title>`);
  });
});

test('escapeXml escapes the five XML specials', () => {
  expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
});
