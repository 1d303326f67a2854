/**
 * Grading a class: every student × exercise through the same check pipeline
 * as a learner's Run, in parallel, with the same limits. A missing file, a
 * compile error, a crash, a hang or a flood scores 0 for that exercise with
 * the reason; everyone else is graded as usual. Submissions are only read.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../schema/check-result.ts';
import type { GradedExercise, GradedStudent, GradedTest, Grades } from '../schema/grades.ts';
import { CheckRunner, testFilesIn } from './check.ts';
import type { Exercise } from './exercises.ts';
import type { TestPack } from './test-pack.ts';

export interface GradeOptions {
  submissionsDir: string;
  exercises: readonly Exercise[];
  /** Only these exercise ids (default: every exercise present in any submission). */
  only?: readonly string[];
  pack?: TestPack;
  /** Checks running at once. */
  jobs: number;
  /** Whole-check limit per exercise, overriding exercise.json. */
  timeoutMs?: number;
  seed: number;
  onProgress?: (done: number, total: number, current: string) => void;
}

export class GradeError extends Error {
  readonly code = 'GRADE_INVALID';
}

function folders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(path.join(dir, name)).isDirectory())
    .sort();
}

/** Which exercises to grade: asked for by name, or every known one that appears in some submission. */
function chooseExercises(options: GradeOptions, students: string[]): Exercise[] {
  if (options.only) {
    return options.only.map((id) => {
      const found = options.exercises.find((e) => e.id === id);
      if (!found) throw new GradeError(`--exercises: there is no exercise "${id}" (known: ${options.exercises.map((e) => e.id).join(', ')}).`);
      return found;
    });
  }
  const present = new Set(students.flatMap((student) => folders(path.join(options.submissionsDir, student))));
  return options.exercises.filter((e) => present.has(e.id));
}

/** Points per test: exercise points shared equally, except tests the pack prices itself. */
function scoreTests(result: CheckResult, points: number, priced: Record<string, number>): GradedTest[] {
  const fixed = Object.values(priced).reduce((sum, p) => sum + p, 0);
  const unpriced = result.tests.filter((t) => priced[t.name] === undefined).length;
  const share = unpriced ? Math.max(0, points - fixed) / unpriced : 0;
  return result.tests.map((test) => {
    const maxScore = priced[test.name] ?? share;
    return {
      name: test.name,
      status: test.status,
      message: test.message,
      score: test.status === 'passed' ? maxScore : 0,
      maxScore,
      visibility: 'visible',
    };
  });
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function grade(options: GradeOptions): Promise<Grades> {
  const submissionsDir = path.resolve(options.submissionsDir);
  if (!existsSync(submissionsDir) || !statSync(submissionsDir).isDirectory()) {
    throw new GradeError(`${submissionsDir} is not a folder. Expected submissions/<student>/<exercise-id>/solution.ts.`);
  }
  const students = folders(submissionsDir);
  if (students.length === 0) throw new GradeError(`${submissionsDir} has no student folders.`);
  const exercises = chooseExercises(options, students);
  if (exercises.length === 0) throw new GradeError(`No known exercise folder in any submission under ${submissionsDir}.`);

  const worth = (exercise: Exercise) => options.pack?.exercises.get(exercise.id)?.points ?? exercise.points;
  const testFiles = (exercise: Exercise) => {
    const packed = options.pack?.exercises.get(exercise.id);
    if (!packed) return testFilesIn(exercise.testsDir);
    return packed.mode === 'replace' ? packed.files : [...testFilesIn(exercise.testsDir), ...packed.files];
  };

  const tasks = students.flatMap((student) => exercises.map((exercise) => ({ student, exercise })));
  const graded = new Map<string, GradedExercise>();
  let done = 0;
  const jobs = Math.max(1, Math.min(options.jobs, tasks.length));
  const runners = await Promise.all(Array.from({ length: jobs }, () => CheckRunner.create({ reuseHosts: true })));
  try {
    let next = 0;
    await Promise.all(
      runners.map(async (runner) => {
        while (next < tasks.length) {
          const { student, exercise } = tasks[next++]!;
          const file = path.join(submissionsDir, student, exercise.id, exercise.file);
          const points = worth(exercise);
          const key = `${student}/${exercise.id}`;
          if (!existsSync(file)) {
            graded.set(key, { id: exercise.id, score: 0, maxScore: points, status: 'missing', reason: `No ${exercise.file} in ${path.join(student, exercise.id)}.`, tests: [], durationMs: 0 });
          } else {
            const result = await runner.start({ exercise, solutionPath: file, seed: options.seed, checkMs: options.timeoutMs, testFiles: testFiles(exercise) }).result;
            const packed = options.pack?.exercises.get(exercise.id);
            const tests = scoreTests(result, points, packed?.testPoints ?? {}).map((t) => ({ ...t, visibility: packed?.visibility ?? t.visibility }));
            graded.set(key, {
              id: exercise.id,
              score: round(tests.reduce((sum, t) => sum + t.score, 0)),
              maxScore: points,
              status: result.status === 'error' ? 'error' : result.status,
              ...(result.error ? { reason: `${result.error.code}: ${result.error.message}` } : {}),
              tests: result.status === 'error' ? [] : tests,
              durationMs: result.durationMs,
            });
          }
          done += 1;
          options.onProgress?.(done, tasks.length, key);
        }
      }),
    );
  } finally {
    for (const runner of runners) runner.close();
  }

  const gradedStudents: GradedStudent[] = students.map((id) => {
    const list = exercises.map((exercise) => graded.get(`${id}/${exercise.id}`)!);
    return {
      id,
      score: round(list.reduce((sum, e) => sum + e.score, 0)),
      maxScore: round(list.reduce((sum, e) => sum + e.maxScore, 0)),
      exercises: list,
    };
  });
  return {
    gradedAt: new Date().toISOString(),
    seed: options.seed,
    exercises: exercises.map((e) => ({ id: e.id, title: e.title, maxScore: worth(e) })),
    students: gradedStudents,
  };
}
