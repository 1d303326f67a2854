/**
 * `npm run bench:grade`: grades a generated class (30 students × every
 * exercise: references, starters and mutants, mixed by a fixed rule) with
 * `grade` at its defaults, then the same class one check at a time with a
 * plain cold `vitest run` per check, in the same run, and compares.
 *
 *   npm run bench:grade -- [--students 30] [--jobs N] [--skip-baseline]
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadExercises } from '../runner/exercises.ts';
import { grade } from '../runner/grader.ts';
import { projectRoot } from '../runner/paths.ts';

const { values } = parseArgs({
  options: { students: { type: 'string', default: '30' }, jobs: { type: 'string' }, 'skip-baseline': { type: 'boolean' } },
});
const jobs = values.jobs ? Number(values.jobs) : os.availableParallelism();
const studentCount = Number(values.students);
const exercises = loadExercises();
const dir = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-bench-class-'));

// Every third submission is the reference, every third the starter, the rest cycle through the mutants.
for (let s = 0; s < studentCount; s++) {
  for (const exercise of exercises) {
    const mutants = (await readdir(path.join(exercise.dir, 'mutants'))).filter((f) => f.endsWith('.ts')).sort();
    const pick = s % 3 === 0 ? exercise.referencePath : s % 3 === 1 ? exercise.starterPath : path.join(exercise.dir, 'mutants', mutants[s % mutants.length]!);
    const target = path.join(dir, `student-${String(s + 1).padStart(2, '0')}`, exercise.id, exercise.file);
    await mkdir(path.dirname(target), { recursive: true });
    await cp(pick, target);
  }
}
const checks = studentCount * exercises.length;
console.log(`Benchmark: ${studentCount} students × ${exercises.length} exercises = ${checks} checks, ${os.availableParallelism()} cores, Node ${process.version}\n`);

const started = performance.now();
const grades = await grade({ submissionsDir: dir, exercises, jobs, seed: 1 });
const ours = (performance.now() - started) / 1000;
console.log(`grade:    ${ours.toFixed(1)} s wall, ${(checks / ours).toFixed(2)} checks/s (--jobs ${jobs})`);
const full = grades.students.filter((s) => s.score === s.maxScore).length;
console.log(`          ${full} of ${studentCount} students with full marks (expected ${Math.ceil(studentCount / 3)})`);

if (!values['skip-baseline']) {
  const vitestBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const baselineStarted = performance.now();
  for (const student of grades.students) {
    for (const exercise of exercises) {
      await new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [vitestBin, 'run', '--config', 'exercises/vitest.config.ts', path.relative(projectRoot, exercise.testsDir)], {
          cwd: projectRoot,
          env: { ...process.env, SOCKETS_LAB_SOLUTION: path.join(dir, student.id, exercise.id, exercise.file), SOCKETS_LAB_SEED: '1' },
          stdio: 'ignore',
        });
        child.on('exit', () => resolve());
      });
    }
  }
  const baseline = (performance.now() - baselineStarted) / 1000;
  console.log(`baseline: ${baseline.toFixed(1)} s wall, ${(checks / baseline).toFixed(2)} checks/s (one cold \`vitest run\` per check, one at a time)`);
  console.log(`\nspeed-up: ${(baseline / ours).toFixed(1)}× (goal: ≥ 4×)`);
}
await rm(dir, { recursive: true, force: true });
