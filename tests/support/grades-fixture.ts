/**
 * A grading run built by hand, shared by the report tests and the browser
 * test of report.html: one student per outcome, and ids and messages chosen
 * to break naive reports (a spreadsheet formula, a comma, markup, quotes, a
 * control character XML forbids).
 */
import { gradesSchema, type GradedTest, type Grades } from '../../schema/grades.ts';

export const FULL_MARKS = 'alice';
/** Runs a command when a spreadsheet opens a CSV that does not guard it. */
export const FORMULA_ID = "=cmd|' /C calc'!A0";
export const COMMA_ID = 'smith, jane';

/** What a student's server echoed, quoted in a failure message: markup, quotes and a \x01 byte. */
export const HOSTILE_MESSAGE = 'expected the echo of "quotes", got <script>alert(1)</script>\nbytes: \u0001\u0002 & more';

function passed(name: string, points = 1, visibility: GradedTest['visibility'] = 'visible'): GradedTest {
  return { name, status: 'passed', message: '', score: points, maxScore: points, visibility };
}

function failed(name: string, message: string, visibility: GradedTest['visibility'] = 'visible'): GradedTest {
  return { name, status: 'failed', message, score: 0, maxScore: 1, visibility };
}

/** Only runs where IPv6 loopback exists; worth no points, so skipping it costs nothing. */
const IPV6_SKIPPED: GradedTest = { name: 'echoes over IPv6', status: 'skipped', message: 'no ::1 on this host', score: 0, maxScore: 0, visibility: 'visible' };

export function gradesFixture(): Grades {
  return gradesSchema.parse({
    gradedAt: '2025-03-14T09:26:53.000Z',
    seed: 42,
    exercises: [
      { id: 'tcp-echo', title: 'TCP echo server', maxScore: 4 },
      { id: 'udp-echo', title: 'UDP echo server', maxScore: 3 },
      { id: 'ip-addresses', title: 'IP addresses', maxScore: 3 },
    ],
    students: [
      {
        id: FULL_MARKS,
        score: 10,
        maxScore: 10,
        exercises: [
          {
            id: 'tcp-echo',
            score: 4,
            maxScore: 4,
            status: 'passed',
            durationMs: 1200,
            tests: [passed('echoes one line'), passed('echoes many clients'), passed('half-close'), passed('slow reader', 1, 'after_due_date')],
          },
          { id: 'udp-echo', score: 3, maxScore: 3, status: 'passed', durationMs: 800, tests: [passed('echoes a datagram'), passed('replies to sender'), passed('empty datagram'), IPV6_SKIPPED] },
          { id: 'ip-addresses', score: 3, maxScore: 3, status: 'passed', durationMs: 150, tests: [passed('parses dotted quads'), passed('formats integers'), passed('classifies ranges')] },
        ],
      },
      {
        id: FORMULA_ID,
        score: 8,
        maxScore: 10,
        exercises: [
          {
            id: 'tcp-echo',
            score: 3,
            maxScore: 4,
            status: 'failed',
            durationMs: 2500,
            tests: [passed('echoes one line'), passed('echoes many clients'), passed('half-close'), failed('slow reader', HOSTILE_MESSAGE, 'after_due_date')],
          },
          { id: 'udp-echo', score: 3, maxScore: 3, status: 'passed', durationMs: 700, tests: [passed('echoes a datagram'), passed('replies to sender'), passed('empty datagram'), IPV6_SKIPPED] },
          {
            id: 'ip-addresses',
            score: 2,
            maxScore: 3,
            status: 'failed',
            durationMs: 90,
            tests: [passed('parses dotted quads'), failed('formats integers', 'formatIPv4(4294967295): expected "255.255.255.255", got "-1.255.255.255"', 'hidden'), passed('classifies ranges')],
          },
        ],
      },
      {
        id: COMMA_ID,
        score: 3,
        maxScore: 10,
        exercises: [
          {
            id: 'tcp-echo',
            score: 3,
            maxScore: 4,
            status: 'failed',
            durationMs: 3100,
            tests: [passed('echoes one line'), passed('echoes many clients'), passed('half-close'), failed('slow reader', 'the echo stopped after 65536 of 1048576 bytes', 'after_due_date')],
          },
          { id: 'udp-echo', score: 0, maxScore: 3, status: 'missing', reason: 'no file udp-echo/solution.ts', durationMs: 0, tests: [] },
          { id: 'ip-addresses', score: 0, maxScore: 3, status: 'error', reason: 'timed out after 10 s (the program never returned)', durationMs: 10_000, tests: [] },
        ],
      },
    ],
  });
}
