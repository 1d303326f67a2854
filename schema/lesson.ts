/**
 * Lesson frontmatter. Astro's content collection validates every MDX file in
 * `content/` against this schema, so a bad lesson fails the build naming the
 * file and the field.
 */
import { z } from 'zod';
import { exerciseIdSchema } from './exercise.ts';

export const lessonSchema = z
  .object({
    /** Heading and <title> of the lesson page. */
    title: z.string().min(3),
    /** One or two sentences for the course home and search results. */
    description: z.string().min(10),
    /** What the learner can do after the lesson; shown as a list at the top. */
    objectives: z.array(z.string().min(3)).min(1),
    /** Exercises this lesson leads to (ids of folders under `exercises/`). */
    exercises: z.array(exerciseIdSchema).default([]),
    /** Minutes a learner typically needs. */
    minutes: z.number().int().positive().default(15),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonSchema>;

/** Chapter titles, keyed by the folder prefix (`content/01-foundations/` → 1). */
export const chapters: Record<number, { title: string; blurb: string }> = {
  1: { title: 'Foundations', blurb: 'Hosts, addresses, ports and protocols: the map before the journey.' },
  2: { title: 'UDP', blurb: 'Datagrams: send, receive, echo, and what happens when packets go missing.' },
  3: { title: 'TCP', blurb: 'Connections and byte streams: handshakes, servers, many clients, clean closes.' },
  4: { title: 'Beyond', blurb: 'HTTP from raw TCP, IPv6, Unix sockets, DNS and scanning your own machine.' },
};
