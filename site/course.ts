/**
 * The course as the site sees it at build time: chapters of lessons in folder
 * order, each lesson with its exercises. Also enforces what a schema alone
 * cannot: every exercise a lesson names exists, and every exercise's lesson
 * exists.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { chapters } from '../schema/lesson.ts';
import { loadExercises, type Exercise } from '../runner/exercises.ts';

export interface Lesson {
  entry: CollectionEntry<'lessons'>;
  slug: string;
  chapter: number;
  exercises: Exercise[];
}

export interface Chapter {
  number: number;
  title: string;
  blurb: string;
  lessons: Lesson[];
}

export async function loadCourse(): Promise<{ chapters: Chapter[]; lessons: Lesson[]; exercises: Exercise[] }> {
  const exercises = loadExercises();
  const entries = (await getCollection('lessons')).sort((a, b) => a.id.localeCompare(b.id));
  const lessons: Lesson[] = entries.map((entry) => {
    const chapter = Number(entry.id.slice(0, 2));
    if (!chapters[chapter]) throw new Error(`content/${entry.id}: the folder must start with a chapter number 01–04`);
    return {
      entry,
      slug: entry.id,
      chapter,
      exercises: entry.data.exercises.map((id) => {
        const found = exercises.find((e) => e.id === id);
        if (!found) throw new Error(`content/${entry.id}.mdx: exercises: there is no exercise "${id}"`);
        return found;
      }),
    };
  });
  for (const exercise of exercises) {
    if (!lessons.some((l) => l.slug === exercise.lesson)) {
      throw new Error(`exercises/${exercise.id}/exercise.json: lesson: there is no lesson content/${exercise.lesson}.mdx`);
    }
  }
  const grouped = Object.entries(chapters).map(([number, info]) => ({
    number: Number(number),
    ...info,
    lessons: lessons.filter((l) => l.chapter === Number(number)),
  }));
  return { chapters: grouped, lessons, exercises };
}
