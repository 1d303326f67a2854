/**
 * The report formats `npm run grade -- --format …` can write, and writing
 * them. Every format is a pure function of the Grades object (one module
 * each); this module only names the formats and decides where files go.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Grades } from '../../schema/grades.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import { classroomResults, classroomResultsBase64 } from './classroom.ts';
import { gradesCsv } from './csv.ts';
import { gradescopeResults } from './gradescope.ts';
import { gradesHtml } from './html.ts';
import { gradesJson } from './json.ts';
import { gradesJunit } from './junit.ts';

export const REPORT_FORMATS = ['json', 'csv', 'junit', 'html', 'classroom', 'gradescope'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportFormatError extends Error {
  constructor(
    readonly code: 'UNKNOWN_REPORT_FORMAT' | 'NO_REPORT_FORMAT',
    message: string,
  ) {
    super(message);
  }
}

function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

/** `--format json,csv`: comma-separated, spaces allowed, repeats ignored, order kept. */
export function parseFormats(text: string): ReportFormat[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const valid = `Valid formats: ${REPORT_FORMATS.join(', ')}.`;
  if (names.length === 0) throw new ReportFormatError('NO_REPORT_FORMAT', `No report format given. ${valid}`);
  const unknown = names.filter((name) => !isReportFormat(name));
  if (unknown.length > 0) {
    const list = unknown.map((name) => `"${name}"`).join(', ');
    throw new ReportFormatError('UNKNOWN_REPORT_FORMAT', `Unknown report format${unknown.length > 1 ? 's' : ''} ${list}. ${valid}`);
  }
  return [...new Set(names.filter(isReportFormat))];
}

/** File names stay short enough for any file system once a hash and an extension are added. */
const FILE_NAME_MAX_CHARS = 64;
/** Names Windows refuses whatever the extension: a teacher may open the artifact there. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/**
 * Letters, digits and "._-" survive (accents are dropped: "élève" → "eleve");
 * any other run becomes "_", runs of separators shrink to one, and none
 * lead or trail. So no "/", no "..", no hidden file.
 */
function readableName(id: string): string {
  const name = id
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/([._-])[._-]+/g, '$1')
    .slice(0, FILE_NAME_MAX_CHARS)
    .replace(/^[._-]+|[._-]+$/g, '');
  return name === '' ? 'student' : name;
}

/**
 * A file name for each student id, in the same order. Student ids are
 * folder names or GitHub logins, so they are the student's to choose: keep
 * them readable, but never let one escape the report folder or land on
 * another student's file. An id that had to change gets a hash of the
 * original, so "a b" and "a/b" stay apart; names are compared ignoring case,
 * as macOS and Windows file systems do, so "Ann" and "ann" stay apart too.
 */
export function studentFileNames(ids: readonly string[]): string[] {
  const names = ids.map((id) => {
    const name = readableName(id);
    return name === id && !WINDOWS_RESERVED.test(name) ? name : `${name}-${shortHash(id)}`;
  });
  const taken = new Set<string>();
  return names.map((name, index) => {
    let unique = name;
    // Left after hashing only for ids that differ in case alone, or for an id crafted to look like another's hashed name.
    if (taken.has(unique.toLowerCase())) unique = `${name}-${shortHash(`${index}:${ids[index]}`)}`;
    for (let n = 2; taken.has(unique.toLowerCase()); n += 1) unique = `${name}-${n}`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}

async function write(file: string, data: string, written: string[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Atomic: a CI step or a teacher's script reading the folder never sees half a report.
  await writeFileAtomic(file, data);
  written.push(file);
}

/**
 * Writes the chosen reports into `outDir` and returns the paths written:
 * grades.json, grades.csv, junit.xml, report.html,
 * classroom/<student>.json and .b64, gradescope/<student>/results.json.
 */
export async function writeReports(grades: Grades, outDir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  const written: string[] = [];
  const chosen = new Set(formats);
  const fileNames = studentFileNames(grades.students.map((student) => student.id));
  await mkdir(outDir, { recursive: true });
  if (chosen.has('json')) await write(path.join(outDir, 'grades.json'), gradesJson(grades), written);
  if (chosen.has('csv')) await write(path.join(outDir, 'grades.csv'), gradesCsv(grades), written);
  if (chosen.has('junit')) await write(path.join(outDir, 'junit.xml'), gradesJunit(grades), written);
  if (chosen.has('html')) await write(path.join(outDir, 'report.html'), gradesHtml(grades), written);
  for (const [index, student] of grades.students.entries()) {
    const name = fileNames[index]!;
    if (chosen.has('classroom')) {
      const dir = path.join(outDir, 'classroom');
      await write(path.join(dir, `${name}.json`), `${JSON.stringify(classroomResults(student, grades), null, 2)}\n`, written);
      await write(path.join(dir, `${name}.b64`), classroomResultsBase64(student, grades), written);
    }
    if (chosen.has('gradescope')) {
      await write(path.join(outDir, 'gradescope', name, 'results.json'), `${JSON.stringify(gradescopeResults(student, grades), null, 2)}\n`, written);
    }
  }
  return written;
}
