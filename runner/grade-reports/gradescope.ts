/**
 * Gradescope: the `results.json` its autograder harness reads from
 * /autograder/results/. Each test carries its own visibility, taken from the
 * test pack, so hidden tests stay hidden from the student until the due date
 * (or for good) while the teacher sees everything.
 */
import type { GradedExercise, GradedStudent, GradedTest, Grades, Visibility } from '../../schema/grades.ts';

export interface GradescopeTest {
  name: string;
  /** Gradescope sorts tests by this string: "<exercise>.<test>", both 1-based. */
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: Visibility;
}

export interface GradescopeResults {
  score: number;
  /** Whole seconds: Gradescope shows it as an integer. */
  execution_time: number;
  output: string;
  visibility: 'visible';
  /** The grader's own stdout is for the teacher; hidden test names could leak through it. */
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

export class GradescopeReportError extends Error {
  readonly code = 'STUDENT_NOT_GRADED';
}

/** A skip that cost points counts as failed; one worth nothing does not (as for GitHub Classroom). */
function testStatus(test: GradedTest): GradescopeTest['status'] {
  if (test.status === 'passed') return 'passed';
  return test.status === 'skipped' && test.maxScore === 0 ? 'passed' : 'failed';
}

function exerciseTests(exercise: GradedExercise, exerciseNumber: number): GradescopeTest[] {
  const tests = exercise.tests.map(
    (test, index): GradescopeTest => ({
      name: `${exercise.id}: ${test.name}`,
      number: `${exerciseNumber}.${index + 1}`,
      score: test.score,
      max_score: test.maxScore,
      status: testStatus(test),
      output: test.status === 'skipped' && !test.message ? 'skipped' : test.message,
      visibility: test.visibility,
    }),
  );
  if (exercise.status === 'error' || exercise.status === 'missing') {
    const scored = exercise.tests.reduce((sum, test) => sum + test.score, 0);
    const possible = exercise.tests.reduce((sum, test) => sum + test.maxScore, 0);
    tests.push({
      name: exercise.id,
      number: `${exerciseNumber}.${tests.length + 1}`,
      // The points no test verdict accounts for: all of them when nothing ran.
      score: Math.max(0, exercise.score - scored),
      max_score: Math.max(0, exercise.maxScore - possible),
      status: 'failed',
      output: exercise.reason ?? (exercise.status === 'missing' ? 'No solution file.' : 'The check could not finish.'),
      // About the student's own file (missing, does not compile, hangs), not about a hidden test: show it.
      visibility: 'visible',
    });
  }
  return tests;
}

/**
 * The submission-wide text the student sees. An exercise with a test that
 * is not visible gets no status or score here: "failed (2/3)" would tell the
 * student a hidden test failed, which is what its visibility withholds.
 */
function summary(student: GradedStudent): string {
  const lines = student.exercises.map((exercise) =>
    exercise.tests.every((test) => test.visibility === 'visible')
      ? `${exercise.id}: ${exercise.status} (${round2(exercise.score)}/${round2(exercise.maxScore)})`
      : `${exercise.id}: graded; some of its test results are not shown yet`,
  );
  return [`Sockets Lab: ${student.exercises.length} exercise(s) graded.`, ...lines].join('\n');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function findStudent(student: string | GradedStudent, grades: Grades): GradedStudent {
  if (typeof student !== 'string') return student;
  const found = grades.students.find((s) => s.id === student);
  if (!found) throw new GradescopeReportError(`No grades for student "${student}".`);
  return found;
}

/** `student` is an id from `grades.students` (or the student's entry itself). */
export function gradescopeResults(student: string | GradedStudent, grades: Grades): GradescopeResults {
  const graded = findStudent(student, grades);
  const durationMs = graded.exercises.reduce((sum, exercise) => sum + exercise.durationMs, 0);
  return {
    // Set explicitly: otherwise Gradescope sums the tests, and we want the engine's total to be the one that counts.
    score: graded.score,
    execution_time: Math.round(durationMs / 1000),
    output: summary(graded),
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: graded.exercises.flatMap((exercise, index) => exerciseTests(exercise, index + 1)),
  };
}
