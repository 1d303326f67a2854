/**
 * The grade reports, from a hand-built grading run: each format's numbers,
 * its escaping of what students control (ids, test messages), and the files
 * `writeReports` puts on disk.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { classroomResults, classroomResultsBase64, type ClassroomResults } from '../runner/grade-reports/classroom.ts';
import { gradesCsv } from '../runner/grade-reports/csv.ts';
import { gradescopeResults } from '../runner/grade-reports/gradescope.ts';
import { gradesHtml, studentAnchor } from '../runner/grade-reports/html.ts';
import { parseFormats, REPORT_FORMATS, ReportFormatError, studentFileNames, writeReports } from '../runner/grade-reports/index.ts';
import { gradesJson } from '../runner/grade-reports/json.ts';
import { gradesJunit } from '../runner/grade-reports/junit.ts';
import { gradesSchema, type Grades } from '../schema/grades.ts';
import { COMMA_ID, FORMULA_ID, FULL_MARKS, HOSTILE_MESSAGE, gradesFixture } from './support/grades-fixture.ts';
import { parseXml, type XmlElement } from './support/xml.ts';

const grades = gradesFixture();

/** Splits RFC 4180 text into rows of fields, so tests read the CSV as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('grades.json', () => {
  test('is the Grades object itself, and reads back through the schema unchanged', () => {
    const text = gradesJson(grades);
    expect(JSON.parse(text)).toEqual(grades);
    expect(gradesSchema.parse(JSON.parse(text))).toEqual(grades);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('grades.csv', () => {
  const rows = parseCsv(gradesCsv(grades));

  test('has a header of student, the exercises in syllabus order, total and max', () => {
    expect(rows[0]).toEqual(['student', 'tcp-echo', 'udp-echo', 'ip-addresses', 'total', 'max']);
  });

  test('has one row per student with each exercise score, the total and the maximum', () => {
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([FULL_MARKS, '4', '3', '3', '10', '10']);
    expect(rows[2]).toEqual([`'${FORMULA_ID}`, '3', '3', '2', '8', '10']);
    expect(rows[3]).toEqual([COMMA_ID, '3', '0', '0', '3', '10']);
  });

  test('uses CRLF and quotes a field with a comma, doubling inner quotes', () => {
    const text = gradesCsv(grades);
    expect(text.split('\r\n')).toHaveLength(5);
    expect(text).toContain('\r\n"smith, jane",3,0,0,3,10\r\n');
    const quoted = gradesCsv({ ...grades, students: [{ ...grades.students[0]!, id: 'say "hi"\nbye' }] });
    expect(quoted).toContain('\r\n"say ""hi""\nbye",4,3,3,10,10\r\n');
    expect(parseCsv(quoted)[1]![0]).toBe('say "hi"\nbye');
  });

  test('guards ids a spreadsheet would run as a formula', () => {
    for (const id of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) {
      const row = parseCsv(gradesCsv({ ...grades, students: [{ ...grades.students[0]!, id }] }))[1]!;
      expect(row[0]).toBe(`'${id}`);
    }
    expect(gradesCsv(grades)).toContain(`\r\n'=cmd|' /C calc'!A0,3,3,2,8,10\r\n`);
  });

  test('writes numbers with at most two decimals', () => {
    const student = grades.students[0]!;
    const third = gradesCsv({
      ...grades,
      students: [{ ...student, score: 10 / 3, exercises: student.exercises.map((e, i) => (i === 0 ? { ...e, score: 4 / 3 } : e)) }],
    });
    expect(parseCsv(third)[1]).toEqual([FULL_MARKS, '1.33', '3', '3', '3.33', '10']);
  });
});

describe('junit.xml', () => {
  const xml = gradesJunit(grades);
  const root = parseXml(xml);
  const suites = root.children.filter((child) => child.name === 'testsuite');
  const suite = (id: string): XmlElement => suites.find((s) => s.attributes.name === id)!;
  const cases = (s: XmlElement): XmlElement[] => s.children.filter((child) => child.name === 'testcase');

  test('the well-formedness check itself rejects broken XML', () => {
    for (const broken of ['<a><b></a></b>', '<a>&</a>', '<a>x < y</a>', '<a b="1" b="2"/>', '<a>\u0001</a>', '<a/><a/>', '<a>', '<a b=1/>']) {
      expect(() => parseXml(broken), broken).toThrow();
    }
    expect(parseXml('<a b="&lt;&#10;"><c/>t&amp;</a>')).toMatchObject({ name: 'a', attributes: { b: '<\n' }, text: 't&' });
  });

  test('is well-formed XML with one testsuite per student, named by id', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(suites.map((s) => s.attributes.name)).toEqual([FULL_MARKS, FORMULA_ID, COMMA_ID]);
  });

  test('counts tests, failures, errors and skips per suite, and in total', () => {
    const counts = (s: XmlElement): number[] => ['tests', 'failures', 'errors', 'skipped'].map((k) => Number(s.attributes[k]));
    expect(counts(suite(FULL_MARKS))).toEqual([11, 0, 0, 1]);
    expect(counts(suite(FORMULA_ID))).toEqual([11, 2, 0, 1]);
    expect(counts(suite(COMMA_ID))).toEqual([6, 1, 2, 0]);
    expect(counts(root)).toEqual([28, 3, 2, 2]);
    for (const s of suites) expect(cases(s)).toHaveLength(Number(s.attributes.tests));
  });

  test('gives suite times in seconds, the sum of the exercise times', () => {
    expect(suite(FULL_MARKS).attributes.time).toBe('2.150');
    expect(suite(COMMA_ID).attributes.time).toBe('13.100');
    const tcp = cases(suite(FULL_MARKS)).filter((c) => c.attributes.classname === 'tcp-echo');
    expect(tcp.map((c) => c.attributes.time)).toEqual(['0.300', '0.300', '0.300', '0.300']);
  });

  test('puts the exercise in classname, the test in name, and the whole message in <failure>', () => {
    const failure = cases(suite(FORMULA_ID)).find((c) => c.attributes.name === 'slow reader')!;
    expect(failure.attributes.classname).toBe('tcp-echo');
    const element = failure.children[0]!;
    expect(element.name).toBe('failure');
    // XML 1.0 cannot carry \x01 or \x02 at all, so they are dropped; everything else survives escaping.
    const expected = HOSTILE_MESSAGE.replace(/[\u0001\u0002]/g, '');
    expect(element.text).toBe(expected);
    expect(element.attributes.message).toBe('expected the echo of "quotes", got <script>alert(1)</script>');
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0001');
  });

  test('marks skipped tests and turns a missing or crashed exercise into one error testcase', () => {
    const skipped = cases(suite(FULL_MARKS)).find((c) => c.attributes.name === 'echoes over IPv6')!;
    expect(skipped.children.map((c) => c.name)).toEqual(['skipped']);
    const missing = cases(suite(COMMA_ID)).find((c) => c.attributes.classname === 'udp-echo')!;
    expect(missing.attributes.name).toBe('udp-echo');
    expect(missing.children[0]).toMatchObject({ name: 'error', attributes: { message: 'no file udp-echo/solution.ts', type: 'missing' } });
    const crashed = cases(suite(COMMA_ID)).find((c) => c.attributes.classname === 'ip-addresses')!;
    expect(crashed.children[0]).toMatchObject({ name: 'error', attributes: { type: 'error' } });
    expect(crashed.children[0]!.text).toBe('timed out after 10 s (the program never returned)');
  });

  test('keeps a multi-line message in an attribute through character references', () => {
    const twoLines = gradesJunit({
      ...grades,
      students: [{ ...grades.students[2]!, id: 'a\tb\nc"d\'e<f>&g' }],
    });
    expect(parseXml(twoLines).children[0]!.attributes.name).toBe('a\tb\nc"d\'e<f>&g');
  });
});

describe('GitHub Classroom results', () => {
  function sum(results: ClassroomResults): number {
    return results.tests.reduce((total, t) => total + t.score, 0);
  }

  test('passes a student with full marks, with test scores adding up to max_score', () => {
    const results = classroomResults(FULL_MARKS, grades);
    expect(results).toMatchObject({ version: 1, status: 'pass', max_score: 10 });
    expect(sum(results)).toBe(10);
    expect(results.tests).toHaveLength(11);
    expect(results.tests[0]).toEqual({
      name: 'tcp-echo: echoes one line',
      status: 'pass',
      message: '',
      test_code: '',
      filename: '',
      line_no: 0,
      execution_time: '0.3s',
      score: 1,
    });
    // Worth nothing, so skipping it must not fail the run.
    expect(results.tests.find((t) => t.name === 'udp-echo: echoes over IPv6')?.status).toBe('pass');
  });

  test('fails a student with a failing test, keeping its message', () => {
    const results = classroomResults(FORMULA_ID, grades);
    expect(results.status).toBe('fail');
    expect(sum(results)).toBe(8);
    expect(results.tests.find((t) => t.name === 'tcp-echo: slow reader')).toMatchObject({ status: 'fail', message: HOSTILE_MESSAGE, score: 0 });
  });

  test('reports a crashed check as an error and a missing file as a failure, one entry per exercise', () => {
    const results = classroomResults(COMMA_ID, grades);
    expect(results.status).toBe('error');
    expect(sum(results)).toBe(3);
    expect(results.max_score).toBe(10);
    expect(results.tests.find((t) => t.name === 'udp-echo')).toMatchObject({ status: 'fail', message: 'no file udp-echo/solution.ts', score: 0 });
    expect(results.tests.find((t) => t.name === 'ip-addresses')).toMatchObject({ status: 'error', execution_time: '10s', score: 0 });
  });

  test('encodes to base64 that decodes back to the same results', () => {
    for (const student of grades.students) {
      const encoded = classroomResultsBase64(student.id, grades);
      expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(classroomResults(student.id, grades));
    }
  });

  test('caps each message, so the base64 fits in one environment variable', () => {
    const flood = { ...grades.students[1]!, exercises: grades.students[1]!.exercises.map((e) => ({ ...e, tests: e.tests.map((t) => ({ ...t, message: 'x'.repeat(1_000_000) })) })) };
    const results = classroomResults(flood, grades);
    for (const t of results.tests) expect(t.message.length).toBeLessThan(1_100);
    expect(classroomResultsBase64(flood, grades).length).toBeLessThan(128 * 1024);
  });

  test('refuses a student who was not graded', () => {
    expect(() => classroomResults('nobody', grades)).toThrow(/nobody/);
  });
});

describe('Gradescope results', () => {
  test('carries each test\'s visibility, so hidden tests stay hidden', () => {
    const results = gradescopeResults(FORMULA_ID, grades);
    const visibility = Object.fromEntries(results.tests.map((t) => [t.name, t.visibility]));
    expect(visibility['tcp-echo: slow reader']).toBe('after_due_date');
    expect(visibility['ip-addresses: formats integers']).toBe('hidden');
    expect(visibility['tcp-echo: echoes one line']).toBe('visible');
    expect(results).toMatchObject({ visibility: 'visible', stdout_visibility: 'hidden' });
    // The summary the student sees does not give away a hidden test's verdict.
    expect(results.output).not.toMatch(/tcp-echo: failed|ip-addresses: failed/);
  });

  test('scores add up to the student\'s score and maxima to the maximum', () => {
    for (const student of grades.students) {
      const results = gradescopeResults(student.id, grades);
      expect(results.score).toBe(student.score);
      expect(results.tests.reduce((total, t) => total + t.score, 0)).toBe(student.score);
      expect(results.tests.reduce((total, t) => total + t.max_score, 0)).toBe(student.maxScore);
      expect(Number.isInteger(results.execution_time)).toBe(true);
    }
    expect(gradescopeResults(COMMA_ID, grades).execution_time).toBe(13);
  });

  test('numbers tests per exercise and fails a missing or crashed exercise as one test', () => {
    const results = gradescopeResults(COMMA_ID, grades);
    expect(results.tests.map((t) => t.number)).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '3.1']);
    expect(results.tests.find((t) => t.name === 'udp-echo')).toMatchObject({ status: 'failed', score: 0, max_score: 3, output: 'no file udp-echo/solution.ts', visibility: 'visible' });
    expect(results.tests.find((t) => t.name === 'tcp-echo: slow reader')).toMatchObject({ status: 'failed', score: 0, max_score: 1 });
  });
});

describe('report.html', () => {
  const html = gradesHtml(grades);

  test('escapes student-controlled text: no markup from a test message or an id survives', () => {
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;quotes&quot;');
    expect(html).toContain('=cmd|&#39; /C calc&#39;!A0');
    expect(html).not.toContain('\u0001');
    // The only script is the page's own sorting script.
    expect(html.match(/<script\b/g)).toHaveLength(1);
    const hostile = gradesHtml({ ...grades, students: [{ ...grades.students[0]!, id: '"><img src=x onerror=alert(1)>' }] });
    expect(hostile).not.toContain('<img');
  });

  test('has a section per student, linked from the summary table', () => {
    for (const student of grades.students) {
      const anchor = studentAnchor(student.id);
      expect(html).toContain(`<section class="student" id="${anchor}"`);
      expect(html).toContain(`href="#${anchor}"`);
    }
    expect(studentAnchor(FULL_MARKS)).toBe('student-alice');
    expect(studentAnchor('a b')).not.toBe(studentAnchor('a_b'));
    expect(studentAnchor(COMMA_ID)).toMatch(/^student-[A-Za-z0-9_.-]+$/);
  });

  test('draws the score histogram as inline SVG with ten bins and axis labels', () => {
    const svg = html.match(/<svg class="chart histogram"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="histogram-title">Score distribution</title>');
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(10);
    expect(svg).toContain('Total score (% of maximum)');
    expect(svg).toContain('>Students</text>');
    // 30 %, 80 % and 100 % (the last bin holds full marks).
    expect(svg).toContain('30–40 %: 1 student<');
    expect(svg).toContain('80–90 %: 1 student<');
    expect(svg).toContain('90–100 %: 1 student<');
  });

  test('summarises the class and the exercises', () => {
    expect(html).toMatch(/<dt>Students<\/dt><dd>3<\/dd>/);
    expect(html).toMatch(/<dt>Mean score<\/dt><dd>7 /);
    expect(html).toMatch(/<dt>Median score<\/dt><dd>8 /);
    expect(html).toMatch(/<dt>Full marks<\/dt><dd>1 /);
    expect(html).toContain('<svg class="chart pass-rates"');
    expect(html).toContain('<title id="pass-rates-title">Pass rate per exercise</title>');
  });

  test('lists the most common failing tests first, each with one example message', () => {
    const section = html.slice(html.indexOf('id="failing"'), html.indexOf('id="students"'));
    const titles = [...section.matchAll(/<h3><code>([^<]+)<\/code> — ([^<]+)<\/h3>/g)].map((m) => `${m[1]}: ${m[2]}`);
    expect(titles).toEqual(['tcp-echo: slow reader', 'ip-addresses: formats integers']);
    expect(section).toContain('Failed for <strong>2</strong> of 3 students');
    expect(section.match(/<pre>/g)).toHaveLength(2);
  });

  test('is one self-contained, accessible file: no external URLs, lang, headings, dark mode', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toContain('<th scope="col">Student</th>');
  });

  test('renders an empty class without dividing by zero', () => {
    const empty = gradesHtml({ ...grades, students: [] });
    expect(empty).toContain('No students were graded.');
    expect(empty).not.toMatch(/\bNaN\b|Infinity/);
  });
});

describe('parseFormats', () => {
  test('reads a comma-separated list, ignoring spaces, case and repeats', () => {
    expect(parseFormats('json,csv,junit,html,classroom,gradescope')).toEqual([...REPORT_FORMATS]);
    expect(parseFormats(' CSV , json,csv ')).toEqual(['csv', 'json']);
  });

  test('names an unknown format and lists the valid ones', () => {
    let error: unknown;
    try {
      parseFormats('json,xml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReportFormatError);
    expect((error as ReportFormatError).code).toBe('UNKNOWN_REPORT_FORMAT');
    expect((error as Error).message).toContain('"xml"');
    for (const format of REPORT_FORMATS) expect((error as Error).message).toContain(format);
  });

  test('refuses an empty list', () => {
    expect(() => parseFormats(' , ')).toThrow(expect.objectContaining({ code: 'NO_REPORT_FORMAT' }));
  });
});

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-reports-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function filesUnder(root: string): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
  }

  test('writes exactly the files of every format, and returns their paths', async () => {
    const out = path.join(dir, 'grades');
    const written = await writeReports(grades, out, REPORT_FORMATS);
    const [formula, comma] = studentFileNames([FORMULA_ID, COMMA_ID]);
    const expected = [
      'grades.json',
      'grades.csv',
      'junit.xml',
      'report.html',
      ...[FULL_MARKS, formula!, comma!].flatMap((name) => [`classroom/${name}.json`, `classroom/${name}.b64`, `gradescope/${name}/results.json`]),
    ].sort();
    expect(await filesUnder(out)).toEqual(expected);
    expect(written.map((file) => path.relative(out, file).split(path.sep).join('/')).sort()).toEqual(expected);
    expect(JSON.parse(await readFile(path.join(out, 'grades.json'), 'utf8'))).toEqual(grades);
    const b64 = await readFile(path.join(out, 'classroom', `${FULL_MARKS}.b64`), 'utf8');
    expect(JSON.parse(Buffer.from(b64, 'base64').toString('utf8'))).toMatchObject({ status: 'pass', max_score: 10 });
  });

  test('writes only the formats asked for', async () => {
    const written = await writeReports(grades, dir, ['csv', 'gradescope']);
    expect(written).toHaveLength(4);
    expect(await filesUnder(dir)).toEqual(['grades.csv', ...[FULL_MARKS, ...studentFileNames([FORMULA_ID, COMMA_ID])].map((n) => `gradescope/${n}/results.json`)].sort());
  });

  test('keeps student files inside the folder and apart, whatever the ids', async () => {
    const ids = ['../../escape', 'a/b', 'a b', 'a_b', 'Ann', 'ann', '.hidden', '..', 'con', '', 'x'.repeat(300), 'élève'];
    const names = studentFileNames(ids);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(ids.length);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      expect(name).not.toContain('..');
      expect(name.length).toBeLessThanOrEqual(80);
    }
    // Plain logins stay as they are; changed ones stay readable.
    expect(names[4]).toBe('Ann');
    expect(names[1]).toMatch(/^a_b-[0-9a-f]{8}$/);
    expect(names[3]).toBe('a_b');

    const many: Grades = { ...grades, students: ids.map((id) => ({ ...grades.students[0]!, id })) };
    const out = path.join(dir, 'out');
    const written = await writeReports(many, out, ['classroom', 'gradescope']);
    expect(written).toHaveLength(ids.length * 3);
    for (const file of written) expect(path.relative(out, file).startsWith('..')).toBe(false);
    expect(await filesUnder(out)).toHaveLength(ids.length * 3);
    expect(await readdir(dir)).toEqual(['out']);
  });
});
