/**
 * A teacher's test pack: hidden tests that students never see, which replace
 * or add to an exercise's built-in hidden tests when grading.
 *
 *   <pack>/pack.json              { "formatVersion": 1, "exercises": { "<id>": { … } } }
 *   <pack>/<exercise-id>/*.test.ts
 *
 * Per exercise in pack.json: "mode" ("add" to the built-in tests, default,
 * or "replace" them), "points" (the exercise's worth), "testPoints" (points
 * per test name; others share the rest), "visibility" (visible, hidden,
 * after_due_date, after_published: how Gradescope shows the pack's tests).
 * Pack tests are written like built-in hidden tests and import the testkit
 * as `sockets-lab/testkit/<module>.ts`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeSchemaError, exerciseIdSchema } from '../schema/exercise.ts';
import { visibilitySchema } from '../schema/grades.ts';
import type { Exercise } from './exercises.ts';

export const TEST_PACK_FORMAT_VERSION = 1;

const packExerciseSchema = z
  .object({
    /** "add": run the pack's tests after the built-in ones; "replace": only the pack's. */
    mode: z.enum(['add', 'replace']).default('add'),
    /** What the exercise is worth in this class (default: its exercise.json points). */
    points: z.number().positive().optional(),
    /** Points for particular tests, by full test name; the other tests share what is left. */
    testPoints: z.record(z.number().nonnegative()).default({}),
    /** Visibility of this exercise's test results on Gradescope. */
    visibility: visibilitySchema.default('visible'),
  })
  .strict();

const packSchema = z
  .object({
    formatVersion: z.literal(TEST_PACK_FORMAT_VERSION),
    exercises: z.record(exerciseIdSchema, packExerciseSchema),
  })
  .strict();

export type PackExercise = z.infer<typeof packExerciseSchema> & { files: string[] };

export interface TestPack {
  dir: string;
  exercises: Map<string, PackExercise>;
}

export class TestPackError extends Error {
  readonly code = 'TEST_PACK_INVALID';
}

export function loadTestPack(dir: string, known: readonly Exercise[]): TestPack {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new TestPackError(`The test pack ${root} is not a folder.`);
  const file = path.join(root, 'pack.json');
  if (!existsSync(file)) throw new TestPackError(`${file} is missing: a test pack needs a pack.json (see the README, "Test packs").`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TestPackError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) throw new TestPackError(describeSchemaError(file, parsed.error));
  const exercises = new Map<string, PackExercise>();
  for (const [id, settings] of Object.entries(parsed.data.exercises)) {
    if (!known.some((e) => e.id === id)) {
      throw new TestPackError(`${file}: exercises.${id}: there is no exercise "${id}" (known: ${known.map((e) => e.id).join(', ')}).`);
    }
    const folder = path.join(root, id);
    const files = existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith('.test.ts'))
          .sort()
          .map((name) => path.join(folder, name))
      : [];
    if (settings.mode === 'replace' && files.length === 0) {
      throw new TestPackError(`${folder}: exercises.${id} replaces the built-in tests, but the folder has no *.test.ts files.`);
    }
    exercises.set(id, { ...settings, files });
  }
  return { dir: root, exercises };
}
