/**
 * junit.xml: the format every CI system, IDE and LMS plug-in can show. One
 * <testsuite> per student so a CI test tab groups results by student; the
 * exercise id goes in `classname`, which those viewers use as the group
 * inside a suite.
 */
import type { GradedExercise, GradedStudent, GradedTest, Grades } from '../../schema/grades.ts';

/**
 * Characters XML 1.0 forbids anywhere, even escaped (&#0; is not well-formed):
 * C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. A test
 * message that quotes a binary echo contains them, and one of them makes
 * every JUnit parser reject the whole file.
 */
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** A failure's `message` attribute is a one-line summary; the element's text holds the whole message. */
const MESSAGE_ATTRIBUTE_MAX_CHARS = 200;

export function xmlText(value: string): string {
  return value.replace(ILLEGAL_XML_CHARS, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Attribute values: quotes too, and tab/LF/CR as character references,
 * because a parser normalises literal ones in attributes to spaces.
 */
export function xmlAttribute(value: string): string {
  return xmlText(value)
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

function summaryLine(message: string): string {
  const first = message.split(/\r?\n/, 1)[0]?.trim() ?? '';
  return first.length > MESSAGE_ATTRIBUTE_MAX_CHARS ? `${first.slice(0, MESSAGE_ATTRIBUTE_MAX_CHARS - 1)}…` : first;
}

/** Seconds with millisecond precision, as JUnit's `time` attribute expects. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * The engine times exercises, not tests: each test gets an equal share of
 * its exercise's time, so that the test times still add up to the suite's.
 */
function testShareMs(exercise: GradedExercise): number {
  return exercise.tests.length > 0 ? exercise.durationMs / exercise.tests.length : exercise.durationMs;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function testcase(exercise: GradedExercise, test: GradedTest, counts: Counts): string {
  counts.tests += 1;
  const open = `    <testcase classname="${xmlAttribute(exercise.id)}" name="${xmlAttribute(test.name)}" time="${seconds(testShareMs(exercise))}"`;
  if (test.status === 'passed') return `${open}/>`;
  if (test.status === 'skipped') {
    counts.skipped += 1;
    const message = test.message ? ` message="${xmlAttribute(summaryLine(test.message))}"` : '';
    return `${open}>\n      <skipped${message}/>\n    </testcase>`;
  }
  counts.failures += 1;
  return `${open}>\n      <failure message="${xmlAttribute(summaryLine(test.message))}">${xmlText(test.message)}</failure>\n    </testcase>`;
}

/** An exercise that produced no verdicts (missing file, crash, hang…) still shows up, as an error named after it. */
function exerciseError(exercise: GradedExercise, counts: Counts): string {
  counts.tests += 1;
  counts.errors += 1;
  const reason = exercise.reason ?? (exercise.status === 'missing' ? 'no solution file' : 'the check could not finish');
  return (
    `    <testcase classname="${xmlAttribute(exercise.id)}" name="${xmlAttribute(exercise.id)}" time="${seconds(exercise.durationMs)}">\n` +
    `      <error type="${exercise.status}" message="${xmlAttribute(summaryLine(reason))}">${xmlText(reason)}</error>\n` +
    `    </testcase>`
  );
}

function testsuite(student: GradedStudent, timestamp: string, totals: Counts): { xml: string; ms: number } {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const cases: string[] = [];
  let ms = 0;
  for (const exercise of student.exercises) {
    ms += exercise.durationMs;
    for (const test of exercise.tests) cases.push(testcase(exercise, test, counts));
    // An error can come after some tests ran (a crash half-way): keep their verdicts and add the error.
    if (exercise.status === 'error' || exercise.status === 'missing') cases.push(exerciseError(exercise, counts));
  }
  for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) totals[key] += counts[key];
  // Score is not part of JUnit; properties are where CI viewers put extra facts about a suite.
  const properties =
    `    <properties>\n` +
    `      <property name="score" value="${student.score}"/>\n` +
    `      <property name="maxScore" value="${student.maxScore}"/>\n` +
    `    </properties>`;
  const xml =
    `  <testsuite name="${xmlAttribute(student.id)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(ms)}" timestamp="${xmlAttribute(timestamp)}">\n` +
    [properties, ...cases].join('\n') +
    `\n  </testsuite>`;
  return { xml, ms };
}

export function gradesJunit(grades: Grades): string {
  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  let ms = 0;
  const suites = grades.students.map((student) => {
    const suite = testsuite(student, grades.gradedAt, totals);
    ms += suite.ms;
    return suite.xml;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="Sockets Lab grades" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(ms)}">\n` +
    suites.map((s) => `${s}\n`).join('') +
    `</testsuites>\n`
  );
}
