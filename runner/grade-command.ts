/** `npm run grade`: options in, reports out, a summary on the terminal. */
import os from 'node:os';
import path from 'node:path';
import { loadExercises } from './exercises.ts';
import { grade } from './grader.ts';
import { parseFormats, REPORT_FORMATS, writeReports } from './grade-reports/index.ts';
import { createProgress } from './progress-bar.ts';
import { loadTestPack } from './test-pack.ts';
import { UsageError } from './usage-error.ts';

export interface GradeFlags {
  exercises?: string;
  tests?: string;
  out?: string;
  format?: string;
  jobs?: string;
  timeout?: string;
  seed?: number;
}

function positiveInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} takes a whole number of at least 1, not "${text}".`);
  return value;
}

export async function gradeCommand(positionals: string[], flags: GradeFlags): Promise<number> {
  const submissions = positionals[0];
  if (!submissions) throw new UsageError('grade needs the submissions folder: npm run grade -- <submissions-dir> (see grade --help).');
  const exercises = loadExercises();
  const formats = flags.format ? parseFormats(flags.format) : [...REPORT_FORMATS];
  const jobs = positiveInteger(flags.jobs, '--jobs') ?? os.availableParallelism();
  const timeoutSeconds = positiveInteger(flags.timeout, '--timeout');
  const pack = flags.tests ? loadTestPack(flags.tests, exercises) : undefined;
  const out = path.resolve(flags.out ?? 'grades');

  const progress = createProgress();
  const started = performance.now();
  const grades = await grade({
    submissionsDir: submissions,
    exercises,
    only: flags.exercises?.split(',').map((id) => id.trim()).filter(Boolean),
    pack,
    jobs,
    timeoutMs: timeoutSeconds ? timeoutSeconds * 1000 : undefined,
    seed: flags.seed ?? 1,
    onProgress: (done, total, current) => progress.update(done, total, current),
  });
  progress.finish();
  const written = await writeReports(grades, out, formats);
  const seconds = (performance.now() - started) / 1000;
  const checks = grades.students.length * grades.exercises.length;
  console.log(`\nGraded ${grades.students.length} students × ${grades.exercises.length} exercises in ${seconds.toFixed(1)} s (${(checks / seconds).toFixed(1)} checks/s, seed ${grades.seed}).`);
  for (const student of grades.students) console.log(`  ${student.id.padEnd(24)} ${student.score} / ${student.maxScore}`);
  console.log(`\nReports:\n${written.map((file) => `  ${path.relative(process.cwd(), file) || file}`).join('\n')}`);
  return 0;
}
