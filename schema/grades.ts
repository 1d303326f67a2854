/**
 * What `npm run grade` produces, the source of every report format. The
 * field names of grades.json are a contract with tools outside the project:
 * keep them stable.
 */
import { z } from 'zod';
import { exerciseIdSchema } from './exercise.ts';

/** Who may see a test's result on platforms that support it (Gradescope's words). */
export const visibilitySchema = z.enum(['visible', 'hidden', 'after_due_date', 'after_published']);

export const gradedTestSchema = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'skipped']),
  message: z.string(),
  /** Points this test earned and could earn (exercise points shared by the tests unless a test pack sets them). */
  score: z.number().nonnegative(),
  maxScore: z.number().nonnegative(),
  visibility: visibilitySchema,
});

export const gradedExerciseSchema = z.object({
  id: exerciseIdSchema,
  score: z.number().nonnegative(),
  maxScore: z.number().nonnegative(),
  /** passed: full marks · failed: some test failed · error: the check could not finish (crash, hang, flood, compile error) · missing: no file. */
  status: z.enum(['passed', 'failed', 'error', 'missing']),
  /** Why the exercise scored 0 without test results (missing file, compile error, timeout…). */
  reason: z.string().optional(),
  tests: z.array(gradedTestSchema),
  durationMs: z.number().nonnegative(),
});

export const gradedStudentSchema = z.object({
  id: z.string(),
  score: z.number().nonnegative(),
  maxScore: z.number().nonnegative(),
  exercises: z.array(gradedExerciseSchema),
});

export const gradesSchema = z.object({
  /** When the grading ran, and with what: enough to reproduce it. */
  gradedAt: z.string(),
  seed: z.number().int(),
  exercises: z.array(z.object({ id: exerciseIdSchema, title: z.string(), maxScore: z.number().nonnegative() })),
  students: z.array(gradedStudentSchema),
});

export type Visibility = z.infer<typeof visibilitySchema>;
export type GradedTest = z.infer<typeof gradedTestSchema>;
export type GradedExercise = z.infer<typeof gradedExerciseSchema>;
export type GradedStudent = z.infer<typeof gradedStudentSchema>;
export type Grades = z.infer<typeof gradesSchema>;
