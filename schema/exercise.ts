/**
 * What an exercise is. The site (to build exercise pages) and the runner (to
 * run checks) both read exercises through this one schema, so they cannot
 * drift apart. Each exercise folder holds `exercise.json` validated here.
 */
import { z } from 'zod';

/** Bump when the layout of `exercise.json` changes incompatibly. */
export const EXERCISE_FORMAT_VERSION = 1;

/** Exercise ids are folder names and URL segments: keep them boring. */
export const exerciseIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an exercise id is lower-case words joined by "-", e.g. "tcp-echo"');

export const exerciseMetaSchema = z
  .object({
    /** Version of this file's format; must equal EXERCISE_FORMAT_VERSION. */
    formatVersion: z.literal(EXERCISE_FORMAT_VERSION),
    /** Stable id; must equal the folder name (graders and test packs use it). */
    id: exerciseIdSchema,
    /** Title shown on the course home and the exercise page. */
    title: z.string().min(3),
    /** One-sentence summary for lists. */
    summary: z.string().min(10),
    /** Slug of the lesson that teaches what this exercise needs, e.g. "03-tcp/01-tcp-echo". */
    lesson: z.string().min(1),
    /** Points the exercise is worth when every hidden test passes. */
    points: z.number().int().positive().default(10),
    /** What the exercise puts on the wire: networking exercises are checked under many seeds by the author check. */
    transport: z.enum(['none', 'udp', 'tcp']).default('none'),
    /** The file the learner edits, relative to `workspace/<id>/`. */
    file: z.string().default('solution.ts'),
    timeouts: z
      .object({
        /** Per hidden test: long enough for a slow laptop, short enough that a hang is noticed. */
        testMs: z.number().int().positive().default(5_000),
        /** Whole check (start, all tests, teardown): a hard wall-clock limit, the process tree is killed after it. */
        checkMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .default({}),
    /** Progressive hints, from a nudge to nearly the answer (Markdown). */
    hints: z.array(z.string().min(1)).min(1),
  })
  .strict();

export type ExerciseMeta = z.infer<typeof exerciseMetaSchema>;

/** Turn a zod error into one line per problem, naming the file and the field. */
export function describeSchemaError(file: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${file}: ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('\n');
}
