/**
 * Grading a generated class with known expected scores: references get full
 * marks; starters, mutants and broken submissions (a hang, a crash, a flood,
 * a compile error, a missing file) do not, and grading carries on for
 * everyone. A teacher's test pack adds a priced test. Submissions are never
 * modified, and the same seed gives the same scores.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Grades } from '../schema/grades.ts';
import { findExercise, loadExercises } from '../runner/exercises.ts';
import { grade } from '../runner/grader.ts';
import { loadTestPack, TestPackError } from '../runner/test-pack.ts';

const exercises = loadExercises();
const ex = (id: string) => findExercise(exercises, id);
const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', 'solutions', `${name}.ts`);
const packDir = path.join(import.meta.dirname, 'fixtures', 'test-pack');

/** student → exercise → file to hand in (undefined: hands in nothing). */
const classroom: Record<string, Record<string, string | undefined>> = {
  alice: { 'ip-addresses': ex('ip-addresses').referencePath, 'udp-echo': ex('udp-echo').referencePath, 'tcp-echo': ex('tcp-echo').referencePath },
  bob: { 'ip-addresses': ex('ip-addresses').starterPath, 'udp-echo': ex('udp-echo').starterPath, 'tcp-echo': ex('tcp-echo').starterPath },
  carol: {
    'ip-addresses': path.join(ex('ip-addresses').dir, 'mutants', 'no-broadcast.ts'),
    'udp-echo': path.join(ex('udp-echo').dir, 'mutants', 'skip-empty.ts'),
    'tcp-echo': path.join(ex('tcp-echo').dir, 'mutants', 'utf8-strings.ts'),
  },
  dave: { 'ip-addresses': fixture('compile-error'), 'udp-echo': fixture('hangs'), 'tcp-echo': undefined },
  erin: { 'ip-addresses': ex('ip-addresses').referencePath, 'udp-echo': fixture('crashes'), 'tcp-echo': fixture('floods') },
};

let dir: string;
let grades: Grades;

async function treeHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const entry of (await readdir(root, { recursive: true, withFileTypes: true })).sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)))) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hash.update(path.relative(root, file)).update(await readFile(file));
  }
  return hash.digest('hex');
}

function studentExercise(student: string, id: string) {
  return grades.students.find((s) => s.id === student)!.exercises.find((e) => e.id === id)!;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-class-'));
  for (const [student, files] of Object.entries(classroom)) {
    for (const [exercise, file] of Object.entries(files)) {
      await mkdir(path.join(dir, student, exercise), { recursive: true });
      if (file) await cp(file, path.join(dir, student, exercise, 'solution.ts'));
    }
  }
  const before = await treeHash(dir);
  grades = await grade({ submissionsDir: dir, exercises, pack: loadTestPack(packDir, exercises), jobs: 2, timeoutMs: 6000, seed: 7 });
  expect(await treeHash(dir)).toBe(before);
}, 240_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('grading a class', () => {
  test('lists every student and the exercises found in the submissions', () => {
    expect(grades.students.map((s) => s.id)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(grades.exercises.map((e) => e.id).sort()).toEqual(['ip-addresses', 'tcp-echo', 'udp-echo']);
    expect(grades.seed).toBe(7);
  });

  test('reference solutions get full marks (the pack makes ip-addresses worth 20)', () => {
    const alice = grades.students.find((s) => s.id === 'alice')!;
    expect(alice.maxScore).toBe(40);
    expect(alice.score).toBe(40);
    expect(alice.exercises.every((e) => e.status === 'passed')).toBe(true);
  });

  test('the pack’s test runs with its own price and visibility', () => {
    const tests = studentExercise('alice', 'ip-addresses').tests;
    const teacher = tests.find((t) => t.name.startsWith('teacher:'))!;
    expect(teacher).toMatchObject({ status: 'passed', score: 5, maxScore: 5, visibility: 'after_due_date' });
    expect(tests.reduce((sum, t) => sum + t.maxScore, 0)).toBeCloseTo(20);
  });

  test('starters score nothing', () => {
    expect(grades.students.find((s) => s.id === 'bob')!.score).toBe(0);
  });

  test('mutants score something, but never full marks', () => {
    for (const exercise of ['ip-addresses', 'udp-echo', 'tcp-echo']) {
      const graded = studentExercise('carol', exercise);
      expect(graded.status, exercise).toBe('failed');
      expect(graded.score, exercise).toBeLessThan(graded.maxScore);
    }
  });

  test('broken submissions score 0 with the reason, and grading goes on', () => {
    expect(studentExercise('dave', 'ip-addresses')).toMatchObject({ status: 'error', score: 0 });
    expect(studentExercise('dave', 'ip-addresses').reason).toContain('COMPILE_ERROR');
    expect(studentExercise('dave', 'udp-echo')).toMatchObject({ status: 'error', score: 0 });
    expect(studentExercise('dave', 'udp-echo').reason).toContain('TIMEOUT');
    expect(studentExercise('dave', 'tcp-echo')).toMatchObject({ status: 'missing', score: 0 });
    expect(studentExercise('erin', 'udp-echo')).toMatchObject({ status: 'error', score: 0 });
    expect(studentExercise('erin', 'udp-echo').reason).toContain('CRASHED');
    expect(studentExercise('erin', 'tcp-echo')).toMatchObject({ status: 'error', score: 0 });
    expect(studentExercise('erin', 'tcp-echo').reason).toContain('OUTPUT_LIMIT');
    // …while erin's good work still counts.
    expect(studentExercise('erin', 'ip-addresses')).toMatchObject({ status: 'passed', score: 20 });
  });

  test('the same submissions and seed give the same scores', async () => {
    const again = await grade({ submissionsDir: dir, exercises, pack: loadTestPack(packDir, exercises), jobs: 2, timeoutMs: 6000, seed: 7 });
    const scores = (g: Grades) => g.students.map((s) => [s.id, s.exercises.map((e) => [e.id, e.score, e.status])]);
    expect(scores(again)).toEqual(scores(grades));
  }, 240_000);
});

describe('test packs', () => {
  test('a pack naming an unknown exercise is refused with the file and field', async () => {
    const bad = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-pack-'));
    try {
      await cp(packDir, bad, { recursive: true });
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(bad, 'pack.json'), JSON.stringify({ formatVersion: 1, exercises: { 'no-such-thing': {} } }));
      expect(() => loadTestPack(bad, exercises)).toThrow(TestPackError);
      expect(() => loadTestPack(bad, exercises)).toThrow(/exercises\.no-such-thing/);
      await writeFile(path.join(bad, 'pack.json'), JSON.stringify({ formatVersion: 1, exercises: { 'ip-addresses': { mode: 'sometimes' } } }));
      expect(() => loadTestPack(bad, exercises)).toThrow(/ip-addresses\.mode/);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
