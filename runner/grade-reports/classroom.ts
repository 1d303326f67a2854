/**
 * GitHub Classroom: the result a grading step hands to
 * `classroom-resources/autograding-grading-reporter`, which reads it
 * base64-encoded from the `<RUNNER-ID>_RESULTS` environment variable, prints
 * each test, and posts "Points <sum of test scores>/<max_score>" to the
 * Classroom check run. So the test scores must add up to the student's score
 * and `max_score` must be the student's maximum, or the Classroom gradebook
 * shows the wrong number.
 */
import type { GradedExercise, GradedStudent, GradedTest, Grades } from '../../schema/grades.ts';

export type ClassroomStatus = 'pass' | 'fail' | 'error';

export interface ClassroomTest {
  name: string;
  status: ClassroomStatus;
  message: string;
  /** The reporter's shape has these for tests defined in YAML; ours live in the test pack, so they stay empty. */
  test_code: string;
  filename: string;
  line_no: number;
  /** Seconds, as the Classroom graders print it: "0.42s". */
  execution_time: string;
  score: number;
}

export interface ClassroomResults {
  version: 1;
  status: ClassroomStatus;
  max_score: number;
  tests: ClassroomTest[];
}

/**
 * The reporter reads the results from one environment variable, and Linux
 * refuses to start a process with a variable over 128 KiB (MAX_ARG_STRLEN):
 * a test that floods output must not take the whole report down with it.
 * 1 000 characters × a few dozen tests stays far below; the full messages
 * are in the grades artifact.
 */
const MESSAGE_MAX_CHARS = 1_000;

function capped(message: string): string {
  return message.length > MESSAGE_MAX_CHARS ? `${message.slice(0, MESSAGE_MAX_CHARS)}… (${message.length - MESSAGE_MAX_CHARS} more characters in the grades artifact)` : message;
}

export class ClassroomReportError extends Error {
  readonly code = 'STUDENT_NOT_GRADED';
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))}s`;
}

/**
 * Skipped tests: the reporter only knows pass/fail/error and counts anything
 * but "pass" as a failure. A skip that cost points is one; a skip worth
 * nothing (a platform-only test) must not fail the student's run.
 */
function testStatus(test: GradedTest): ClassroomStatus {
  if (test.status === 'passed') return 'pass';
  if (test.status === 'skipped') return test.maxScore > 0 ? 'fail' : 'pass';
  return 'fail';
}

function exerciseTests(exercise: GradedExercise): ClassroomTest[] {
  // The engine times exercises, not tests: an equal share each keeps the sum right.
  const share = exercise.tests.length > 0 ? exercise.durationMs / exercise.tests.length : exercise.durationMs;
  const tests = exercise.tests.map(
    (test): ClassroomTest => ({
      name: `${exercise.id}: ${test.name}`,
      status: testStatus(test),
      message: test.status === 'skipped' && !test.message ? 'skipped' : capped(test.message),
      test_code: '',
      filename: '',
      line_no: 0,
      execution_time: seconds(share),
      score: test.score,
    }),
  );
  if (exercise.status === 'error' || exercise.status === 'missing') {
    const scored = exercise.tests.reduce((sum, test) => sum + test.score, 0);
    tests.push({
      name: exercise.id,
      // A missing file is the student's to fix, not a grader fault: "fail". A check that could not finish is "error".
      status: exercise.status === 'missing' ? 'fail' : 'error',
      message: capped(exercise.reason ?? (exercise.status === 'missing' ? 'no solution file' : 'the check could not finish')),
      test_code: '',
      filename: '',
      line_no: 0,
      execution_time: seconds(exercise.durationMs),
      // Whatever the exercise scored beyond its tests' verdicts (normally 0), so the sum stays the exercise's score.
      score: Math.max(0, exercise.score - scored),
    });
  }
  return tests;
}

function overallStatus(tests: ClassroomTest[]): ClassroomStatus {
  if (tests.some((test) => test.status === 'error')) return 'error';
  if (tests.some((test) => test.status === 'fail')) return 'fail';
  return 'pass';
}

function findStudent(student: string | GradedStudent, grades: Grades): GradedStudent {
  if (typeof student !== 'string') return student;
  const found = grades.students.find((s) => s.id === student);
  if (!found) throw new ClassroomReportError(`No grades for student "${student}".`);
  return found;
}

/** `student` is an id from `grades.students` (or the student's entry itself). */
export function classroomResults(student: string | GradedStudent, grades: Grades): ClassroomResults {
  const graded = findStudent(student, grades);
  const tests = graded.exercises.flatMap(exerciseTests);
  return { version: 1, status: overallStatus(tests), max_score: graded.maxScore, tests };
}

/** What a workflow puts in `<RUNNER-ID>_RESULTS` for the reporter action. */
export function classroomResultsBase64(student: string | GradedStudent, grades: Grades): string {
  return Buffer.from(JSON.stringify(classroomResults(student, grades)), 'utf8').toString('base64');
}
