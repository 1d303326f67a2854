/**
 * grades.csv: one row per student, one score column per exercise, for a
 * spreadsheet or an LMS gradebook import. RFC 4180 (CRLF, quotes doubled)
 * because that is what Excel, LibreOffice and Google Sheets all agree on.
 */
import type { Grades } from '../../schema/grades.ts';

/**
 * A cell a spreadsheet would run as a formula (CSV injection): a student id
 * is a folder name or a GitHub login chosen by the student, so `=HYPERLINK(…)`
 * must stay text. OWASP's list: = + - @, plus tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Fields that RFC 4180 requires to be quoted. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Text cell: guarded against formulas, then quoted if it must be. */
export function csvText(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * Number cell with at most two decimals: points shared among tests give
 * thirds (3.3333333333333335) that no teacher wants to read. Never quoted and
 * never guarded: our numbers are not negative, so they cannot start with "-".
 */
export function csvNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  // `+ 0` turns -0 into 0, which would otherwise print as "0" anyway but reads oddly in tests.
  return String(rounded + 0);
}

/** Exercise columns in syllabus order, then any exercise a student has that the syllabus list lacks. */
export function exerciseColumns(grades: Grades): string[] {
  const ids = grades.exercises.map((exercise) => exercise.id);
  for (const student of grades.students) {
    for (const exercise of student.exercises) if (!ids.includes(exercise.id)) ids.push(exercise.id);
  }
  return ids;
}

export function gradesCsv(grades: Grades): string {
  const columns = exerciseColumns(grades);
  const rows: string[][] = [['student', ...columns, 'total', 'max'].map(csvText)];
  for (const student of grades.students) {
    const scores = columns.map((id) => {
      const exercise = student.exercises.find((e) => e.id === id);
      // An empty cell, not 0: "not graded" differs from "graded and scored nothing".
      return exercise ? csvNumber(exercise.score) : '';
    });
    rows.push([csvText(student.id), ...scores, csvNumber(student.score), csvNumber(student.maxScore)]);
  }
  return rows.map((row) => `${row.join(',')}\r\n`).join('');
}
