/**
 * Lessons are MDX under content/, validated by the shared lesson schema.
 * Task statements are the task.md of each exercise folder (their metadata
 * lives in exercise.json and is read through runner/exercises.ts).
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from '../schema/lesson.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '**/[0-9][0-9]-*.mdx', base: './content' }),
  schema: lessonSchema,
});

const tasks = defineCollection({
  loader: glob({ pattern: '*/task.md', base: './exercises', generateId: ({ entry }) => entry.split('/')[0]! }),
});

export const collections = { lessons, tasks };
