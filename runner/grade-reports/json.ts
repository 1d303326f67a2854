/**
 * grades.json: the Grades object itself, pretty-printed. It is the one report
 * that tools outside the project read back (spreadsheets scripts, LMS
 * importers), so it adds nothing and renames nothing: the field names are the
 * contract kept by schema/grades.ts.
 */
import type { Grades } from '../../schema/grades.ts';

export function gradesJson(grades: Grades): string {
  // Two-space indent and a final newline: diffs between two gradings stay readable.
  return `${JSON.stringify(grades, null, 2)}\n`;
}
