/**
 * What the learner has done, per exercise: passed (ever), attempts, hints
 * seen, the last result. Stored as JSON in the workspace and written
 * atomically, so a crash or a kill mid-write never loses earlier progress.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { checkResultSchema, type CheckResult } from '../schema/check-result.ts';
import { writeFileAtomic } from './atomic-file.ts';

const PROGRESS_VERSION = 1;

const exerciseProgressSchema = z.object({
  passed: z.boolean().default(false),
  attempts: z.number().int().nonnegative().default(0),
  hintsShown: z.number().int().nonnegative().default(0),
  lastResult: checkResultSchema.optional(),
});

const progressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  exercises: z.record(exerciseProgressSchema),
});

export type ExerciseProgress = z.infer<typeof exerciseProgressSchema>;
export type Progress = z.infer<typeof progressSchema>;

export class ProgressStore {
  readonly file: string;
  /** Writes happen one after another: two checks finishing together must not drop either update. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(workspaceDir: string) {
    this.file = path.join(workspaceDir, '.progress.json');
  }

  async read(): Promise<Progress> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: PROGRESS_VERSION, exercises: {} };
      throw error;
    }
    const parsed = progressSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.file} is not a Sockets Lab progress file: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  async get(exercise: string): Promise<ExerciseProgress> {
    return (await this.read()).exercises[exercise] ?? { passed: false, attempts: 0, hintsShown: 0 };
  }

  private update(exercise: string, change: (current: ExerciseProgress) => ExerciseProgress): Promise<ExerciseProgress> {
    const next = this.queue.then(async () => {
      const progress = await this.read();
      const updated = change(progress.exercises[exercise] ?? { passed: false, attempts: 0, hintsShown: 0 });
      progress.exercises[exercise] = updated;
      await writeFileAtomic(this.file, `${JSON.stringify(progress, null, 2)}\n`);
      return updated;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  recordCheck(result: CheckResult): Promise<ExerciseProgress> {
    return this.update(result.exercise, (current) => ({
      ...current,
      passed: current.passed || result.status === 'passed',
      attempts: current.attempts + 1,
      lastResult: result,
    }));
  }

  /** Count one more hint as seen, up to `available`; returns the new count. */
  async revealHint(exercise: string, available: number): Promise<number> {
    const updated = await this.update(exercise, (current) => ({
      ...current,
      hintsShown: Math.min(available, current.hintsShown + 1),
    }));
    return updated.hintsShown;
  }
}
