/**
 * The exercise catalogue: every folder under `exercises/` with an
 * `exercise.json`, validated by the one shared schema. The site builds its
 * exercise pages from this list and the runner checks against it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeSchemaError, exerciseMetaSchema, type ExerciseMeta } from '../schema/exercise.ts';
import { exercisesDir } from './paths.ts';

export interface Exercise extends ExerciseMeta {
  dir: string;
  testsDir: string;
  starterPath: string;
  referencePath: string;
  taskPath: string;
}

export class ExerciseError extends Error {
  constructor(
    readonly code: 'EXERCISE_INVALID' | 'EXERCISE_UNKNOWN',
    message: string,
  ) {
    super(message);
  }
}

export function loadExercise(dir: string): Exercise {
  const file = path.join(dir, 'exercise.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ExerciseError('EXERCISE_INVALID', `${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = exerciseMetaSchema.safeParse(raw);
  if (!parsed.success) throw new ExerciseError('EXERCISE_INVALID', describeSchemaError(file, parsed.error));
  const meta = parsed.data;
  if (meta.id !== path.basename(dir)) {
    throw new ExerciseError('EXERCISE_INVALID', `${file}: id: "${meta.id}" must equal the folder name "${path.basename(dir)}"`);
  }
  const exercise: Exercise = {
    ...meta,
    dir,
    testsDir: path.join(dir, 'tests'),
    starterPath: path.join(dir, 'starter', meta.file),
    referencePath: path.join(dir, 'solution', meta.file),
    taskPath: path.join(dir, 'task.md'),
  };
  for (const required of [exercise.testsDir, exercise.starterPath, exercise.referencePath, exercise.taskPath]) {
    if (!existsSync(required)) throw new ExerciseError('EXERCISE_INVALID', `${dir}: missing ${path.relative(dir, required)}`);
  }
  return exercise;
}

export function loadExercises(root = exercisesDir): Exercise[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, 'exercise.json')))
    .map((entry) => loadExercise(path.join(root, entry.name)))
    .sort((a, b) => a.lesson.localeCompare(b.lesson) || a.id.localeCompare(b.id));
}

export function findExercise(exercises: readonly Exercise[], id: string): Exercise {
  const found = exercises.find((exercise) => exercise.id === id);
  if (!found) {
    throw new ExerciseError('EXERCISE_UNKNOWN', `There is no exercise "${id}". Known exercises: ${exercises.map((e) => e.id).join(', ')}.`);
  }
  return found;
}
