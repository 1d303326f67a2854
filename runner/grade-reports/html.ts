/**
 * report.html: the teacher's view of a grading run, as ONE file that can be
 * mailed, attached to a CI run or opened from disk years later. So: CSS
 * inline, charts as inline SVG drawn here, no fonts, images or scripts from
 * anywhere. A small inline script makes the student table sortable; the page
 * is complete without it.
 *
 * Student ids and test messages are written by students (a message quotes
 * what their program sent), so every one of them goes through `escapeHtml`,
 * and nothing a student wrote ever lands in a URL, a style or the script.
 */
import type { GradedExercise, GradedStudent, Grades } from '../../schema/grades.ts';

/** The most common failing tests listed for the class. */
const TOP_FAILING_TESTS = 10;
/** Score distribution bins: 0–10 %, 10–20 %, … 90–100 % (full marks fall in the last one). */
const HISTOGRAM_BINS = 10;
/**
 * A message that floods output would make the page unusable; the full text
 * stays in grades.json and junit.xml.
 */
const MESSAGE_MAX_CHARS = 8_000;
/** The class-wide list shows one example per test, so it can be shorter. */
const EXAMPLE_MAX_CHARS = 1_500;

type ExerciseStatus = GradedExercise['status'];

/** Characters that have no business in a page (C0 controls but tab/LF/CR, DEL): shown as U+FFFD so the teacher sees something was there. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function escapeHtml(text: string): string {
  return text
    .replace(CONTROL_CHARS, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The section id for a student: `student-<id>` as it is when the id is a
 * plain login, and an injective escape otherwise (HTML ids cannot hold
 * spaces, and "a b" must not share an anchor with "a_b"): every character
 * outside [A-Za-z0-9_-] becomes ".<hex code point>.".
 */
export function studentAnchor(id: string): string {
  let escaped = '';
  for (const char of id) escaped += /[A-Za-z0-9_-]/.test(char) ? char : `.${char.codePointAt(0)!.toString(16)}.`;
  return `student-${escaped}`;
}

function number(value: number): string {
  return String(Math.round(value * 100) / 100 + 0);
}

function percent(score: number, max: number): number {
  return max > 0 ? (score / max) * 100 : 0;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters; the full message is in grades.json)` : text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Full marks within rounding: shared points can leave 9.999999999 of 10. */
function hasFullMarks(student: GradedStudent): boolean {
  return student.maxScore > 0 && student.score >= student.maxScore - 1e-9;
}

const STATUS_LABEL: Record<ExerciseStatus, string> = { passed: 'passed', failed: 'failed', error: 'error', missing: 'missing' };
/** A glyph beside the word, so status never depends on colour alone. */
const STATUS_GLYPH: Record<ExerciseStatus, string> = { passed: '✓', failed: '✗', error: '!', missing: '–' };

function badge(status: ExerciseStatus): string {
  return `<span class="badge" data-state="${status}"><span aria-hidden="true">${STATUS_GLYPH[status]}</span> ${STATUS_LABEL[status]}</span>`;
}

interface ExerciseColumn {
  id: string;
  title: string;
  maxScore: number;
}

/** Syllabus order, then any exercise a student has that the syllabus list lacks. */
function exerciseColumns(grades: Grades): ExerciseColumn[] {
  const columns: ExerciseColumn[] = grades.exercises.map((e) => ({ id: e.id, title: e.title, maxScore: e.maxScore }));
  for (const student of grades.students) {
    for (const exercise of student.exercises) {
      if (!columns.some((c) => c.id === exercise.id)) columns.push({ id: exercise.id, title: exercise.id, maxScore: exercise.maxScore });
    }
  }
  return columns;
}

function summarySection(grades: Grades): string {
  const students = grades.students;
  const maxima = new Set(students.map((s) => s.maxScore));
  // Points read better than percentages, but only mean something when everyone had the same maximum.
  const sameMax = maxima.size === 1 ? students[0]!.maxScore : undefined;
  const scores = students.map((s) => (sameMax === undefined ? percent(s.score, s.maxScore) : s.score));
  const unit = (value: number): string =>
    sameMax === undefined ? `${number(value)} %` : `${number(value)} <span class="muted">/ ${number(sameMax)} (${number(percent(value, sameMax))} %)</span>`;
  const mean = scores.reduce((a, b) => a + b, 0) / (scores.length || 1);
  const stats =
    students.length === 0
      ? '<p>No students were graded.</p>'
      : `<dl class="stats">
  <div><dt>Students</dt><dd>${students.length}</dd></div>
  <div><dt>Mean score</dt><dd>${unit(mean)}</dd></div>
  <div><dt>Median score</dt><dd>${unit(median(scores))}</dd></div>
  <div><dt>Full marks</dt><dd>${students.filter(hasFullMarks).length} <span class="muted">of ${students.length}</span></dd></div>
</dl>`;
  return `<section aria-labelledby="summary">
<h2 id="summary">Class summary</h2>
${stats}
<figure>
${histogramSvg(grades)}
<figcaption>Total scores in ${HISTOGRAM_BINS} bands of ${100 / HISTOGRAM_BINS} %: how many students scored in each band.</figcaption>
</figure>
</section>`;
}

/** Bin of a total score: [0, 10) … [90, 100], so full marks land in the last bin. */
function binOf(student: GradedStudent): number {
  return Math.min(HISTOGRAM_BINS - 1, Math.floor((percent(student.score, student.maxScore) / 100) * HISTOGRAM_BINS + 1e-9));
}

function histogramSvg(grades: Grades): string {
  const counts: number[] = Array.from({ length: HISTOGRAM_BINS }, () => 0);
  for (const student of grades.students) counts[binOf(student)]! += 1;
  const width = 640;
  const height = 300;
  const left = 56;
  const right = 16;
  const top = 20;
  const bottom = 56;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const highest = Math.max(1, ...counts);
  // Whole students only: at most ~5 gridlines, at a step of 1, 2, 5, 10, 20…
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((s) => highest / s <= 5) ?? Math.ceil(highest / 5);
  const yMax = Math.ceil(highest / step) * step;
  const y = (count: number): number => top + plotH - (count / yMax) * plotH;
  const band = plotW / HISTOGRAM_BINS;
  const binWidth = 100 / HISTOGRAM_BINS;
  const label = (bin: number): string => `${bin * binWidth}–${(bin + 1) * binWidth} %`;

  const parts: string[] = [];
  for (let tick = 0; tick <= yMax; tick += step) {
    parts.push(`<line class="grid" x1="${left}" x2="${width - right}" y1="${y(tick)}" y2="${y(tick)}"/>`);
    parts.push(`<text class="tick" x="${left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`);
  }
  counts.forEach((count, bin) => {
    const x = left + bin * band + 3;
    const barH = (count / yMax) * plotH;
    parts.push(
      `<rect class="bar" x="${x}" y="${top + plotH - barH}" width="${band - 6}" height="${barH}"><title>${label(bin)}: ${count} student${count === 1 ? '' : 's'}</title></rect>`,
    );
    if (count > 0) parts.push(`<text class="count" x="${x + (band - 6) / 2}" y="${top + plotH - barH - 5}" text-anchor="middle">${count}</text>`);
  });
  for (let bin = 0; bin <= HISTOGRAM_BINS; bin += 1) {
    parts.push(`<text class="tick" x="${left + bin * band}" y="${top + plotH + 18}" text-anchor="middle">${bin * binWidth}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}"/>`);
  parts.push(`<text class="axis-title" x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle">Total score (% of maximum)</text>`);
  parts.push(`<text class="axis-title" transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">Students</text>`);

  const description = counts.map((count, bin) => `${label(bin)}: ${count}`).join('; ');
  return `<svg class="chart histogram" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="histogram-title histogram-desc">
<title id="histogram-title">Score distribution</title>
<desc id="histogram-desc">Students per score band. ${description}.</desc>
${parts.join('\n')}
</svg>`;
}

interface ExerciseStats {
  column: ExerciseColumn;
  counts: Record<ExerciseStatus, number>;
  graded: number;
  meanScore: number;
}

function exerciseStats(grades: Grades): ExerciseStats[] {
  return exerciseColumns(grades).map((column) => {
    const counts: Record<ExerciseStatus, number> = { passed: 0, failed: 0, error: 0, missing: 0 };
    let total = 0;
    let graded = 0;
    for (const student of grades.students) {
      const exercise = student.exercises.find((e) => e.id === column.id);
      if (!exercise) continue;
      counts[exercise.status] += 1;
      total += exercise.score;
      graded += 1;
    }
    return { column, counts, graded, meanScore: graded > 0 ? total / graded : 0 };
  });
}

function exercisesSection(grades: Grades): string {
  const stats = exerciseStats(grades);
  const rows = stats
    .map(
      (s) => `<tr>
  <th scope="row"><code>${escapeHtml(s.column.id)}</code><br><span class="muted">${escapeHtml(s.column.title)}</span></th>
  <td class="num">${s.counts.passed}</td><td class="num">${s.counts.failed}</td><td class="num">${s.counts.error}</td><td class="num">${s.counts.missing}</td>
  <td class="num">${number(percent(s.counts.passed, s.graded))} %</td>
  <td class="num">${number(s.meanScore)} <span class="muted">/ ${number(s.column.maxScore)}</span></td>
</tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="exercises">
<h2 id="exercises">Exercises</h2>
<figure>
${passRateSvg(stats)}
<figcaption>Share of students per outcome for each exercise; the number is the pass rate.</figcaption>
</figure>
<table>
<caption class="sr-only">Outcomes per exercise</caption>
<thead><tr><th scope="col">Exercise</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Error</th><th scope="col">Missing</th><th scope="col">Pass rate</th><th scope="col">Mean score</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

const OUTCOMES: ExerciseStatus[] = ['passed', 'failed', 'error', 'missing'];

function passRateSvg(stats: ExerciseStats[]): string {
  const width = 640;
  const rowH = 30;
  const legendH = 28;
  // Exercise ids are short kebab-case words; give the longest room, within reason.
  const left = Math.min(240, 16 + 7.5 * Math.max(8, ...stats.map((s) => s.column.id.length)));
  // Room for "100 %" after the longest bar.
  const right = 72;
  const plotW = width - left - right;
  const height = legendH + rowH * Math.max(1, stats.length) + 8;
  const parts: string[] = [];
  OUTCOMES.forEach((outcome, index) => {
    const x = left + index * 110;
    parts.push(`<rect class="seg" data-state="${outcome}" x="${x}" y="4" width="14" height="14" rx="2"/>`);
    parts.push(`<text class="tick" x="${x + 20}" y="16">${STATUS_LABEL[outcome]}</text>`);
  });
  stats.forEach((s, row) => {
    const y = legendH + row * rowH;
    parts.push(`<text class="label" x="${left - 10}" y="${y + rowH / 2 + 4}" text-anchor="end">${escapeHtml(s.column.id)}</text>`);
    parts.push(`<rect class="track" x="${left}" y="${y + 6}" width="${plotW}" height="${rowH - 12}" rx="3"/>`);
    let x = left;
    for (const outcome of OUTCOMES) {
      const w = s.graded > 0 ? (s.counts[outcome] / s.graded) * plotW : 0;
      if (w > 0) {
        parts.push(
          `<rect class="seg" data-state="${outcome}" x="${x}" y="${y + 6}" width="${w}" height="${rowH - 12}"><title>${escapeHtml(s.column.id)}: ${s.counts[outcome]} ${STATUS_LABEL[outcome]}</title></rect>`,
        );
      }
      x += w;
    }
    // Whole percents on the chart; the table beside it has the decimals.
    parts.push(`<text class="count" x="${left + plotW + 8}" y="${y + rowH / 2 + 4}">${Math.round(percent(s.counts.passed, s.graded))} %</text>`);
  });
  const description = stats.map((s) => `${s.column.id}: ${number(percent(s.counts.passed, s.graded))} % passed`).join('; ');
  return `<svg class="chart pass-rates" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="pass-rates-title pass-rates-desc">
<title id="pass-rates-title">Pass rate per exercise</title>
<desc id="pass-rates-desc">${escapeHtml(description)}.</desc>
${parts.join('\n')}
</svg>`;
}

interface FailingTest {
  exerciseId: string;
  name: string;
  students: string[];
  example: { student: string; message: string };
}

function failingTests(grades: Grades): FailingTest[] {
  const order = exerciseColumns(grades).map((c) => c.id);
  const byKey = new Map<string, FailingTest>();
  for (const student of grades.students) {
    for (const exercise of student.exercises) {
      for (const test of exercise.tests) {
        if (test.status !== 'failed') continue;
        // NUL cannot occur in an exercise id, so the key cannot be forged by a test name.
        const key = `${exercise.id}\u0000${test.name}`;
        const entry = byKey.get(key) ?? { exerciseId: exercise.id, name: test.name, students: [], example: { student: student.id, message: test.message } };
        if (!entry.students.includes(student.id)) entry.students.push(student.id);
        byKey.set(key, entry);
      }
    }
  }
  return [...byKey.values()]
    .sort(
      (a, b) =>
        b.students.length - a.students.length ||
        order.indexOf(a.exerciseId) - order.indexOf(b.exerciseId) ||
        a.name.localeCompare(b.name),
    )
    .slice(0, TOP_FAILING_TESTS);
}

function failingSection(grades: Grades): string {
  const tests = failingTests(grades);
  const total = grades.students.length;
  const items = tests
    .map(
      (t) => `<li>
  <h3><code>${escapeHtml(t.exerciseId)}</code> — ${escapeHtml(t.name)}</h3>
  <p>Failed for <strong>${t.students.length}</strong> of ${total} student${total === 1 ? '' : 's'}. Example from <a href="#${escapeHtml(studentAnchor(t.example.student))}">${escapeHtml(t.example.student)}</a>:</p>
  <pre>${escapeHtml(truncate(t.example.message, EXAMPLE_MAX_CHARS))}</pre>
</li>`,
    )
    .join('\n');
  return `<section aria-labelledby="failing">
<h2 id="failing">Most common failing tests</h2>
${tests.length === 0 ? '<p>No test failed.</p>' : `<ol class="failing">\n${items}\n</ol>`}
</section>`;
}

function studentsTable(grades: Grades, columns: ExerciseColumn[]): string {
  const head = columns.map((c) => `<th scope="col"><code>${escapeHtml(c.id)}</code></th>`).join('');
  const rows = grades.students
    .map((student) => {
      const cells = columns
        .map((column) => {
          const exercise = student.exercises.find((e) => e.id === column.id);
          if (!exercise) return '<td class="muted" data-sort="-1">not graded</td>';
          return `<td data-sort="${exercise.score}" data-state="${exercise.status}"><span class="status-dot" aria-hidden="true">${STATUS_GLYPH[exercise.status]}</span> ${number(exercise.score)}<span class="sr-only"> (${STATUS_LABEL[exercise.status]})</span></td>`;
        })
        .join('');
      const pct = percent(student.score, student.maxScore);
      return `<tr>
  <th scope="row" data-sort="${escapeHtml(student.id)}"><a href="#${escapeHtml(studentAnchor(student.id))}">${escapeHtml(student.id)}</a></th>
  <td class="num" data-sort="${student.score}">${number(student.score)}</td><td class="num" data-sort="${student.maxScore}">${number(student.maxScore)}</td><td class="num" data-sort="${pct}">${number(pct)} %</td>${cells}
</tr>`;
    })
    .join('\n');
  return `<table class="students" data-sortable>
<caption class="sr-only">Scores per student; each exercise column shows the score and a status mark</caption>
<thead><tr><th scope="col">Student</th><th scope="col">Score</th><th scope="col">Max</th><th scope="col">%</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function studentSection(student: GradedStudent): string {
  const anchor = studentAnchor(student.id);
  const rows = student.exercises
    .map((exercise) => {
      const counted = exercise.tests.filter((t) => t.status !== 'skipped');
      const passed = counted.filter((t) => t.status === 'passed').length;
      const skipped = exercise.tests.length - counted.length;
      const tests = exercise.tests.length === 0 ? '<span class="muted">—</span>' : `${passed} of ${counted.length} passed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
      return `<tr><th scope="row"><code>${escapeHtml(exercise.id)}</code></th><td>${badge(exercise.status)}</td><td class="num">${number(exercise.score)} <span class="muted">/ ${number(exercise.maxScore)}</span></td><td>${tests}</td></tr>`;
    })
    .join('\n');
  const problems = student.exercises
    .map((exercise) => {
      const failed = exercise.tests.filter((t) => t.status === 'failed');
      const blocks: string[] = [];
      if (exercise.status === 'error' || exercise.status === 'missing') {
        const reason = exercise.reason ?? (exercise.status === 'missing' ? 'No solution file.' : 'No reason was recorded.');
        blocks.push(`<p class="problem" data-state="${exercise.status}">${exercise.status === 'missing' ? 'Not graded' : 'The check could not finish'}</p>\n<pre>${escapeHtml(truncate(reason, MESSAGE_MAX_CHARS))}</pre>`);
      }
      for (const test of failed) {
        const hidden = test.visibility === 'visible' ? '' : ` <span class="badge" title="Visibility for students">${escapeHtml(test.visibility.replaceAll('_', ' '))}</span>`;
        blocks.push(`<p class="problem" data-state="failed">✗ ${escapeHtml(test.name)}${hidden}</p>\n<pre>${escapeHtml(truncate(test.message, MESSAGE_MAX_CHARS))}</pre>`);
      }
      if (blocks.length === 0) return '';
      return `<h4><code>${escapeHtml(exercise.id)}</code> ${badge(exercise.status)}</h4>\n${blocks.join('\n')}`;
    })
    .filter((html) => html !== '')
    .join('\n');
  return `<section class="student" id="${escapeHtml(anchor)}" aria-labelledby="${escapeHtml(anchor)}-heading">
<h3 id="${escapeHtml(anchor)}-heading">${escapeHtml(student.id)}</h3>
<p class="score-line"><strong>${number(student.score)}</strong> / ${number(student.maxScore)} points (${number(percent(student.score, student.maxScore))} %) · <a href="#students">back to all students</a></p>
<table>
<caption class="sr-only">Exercises of ${escapeHtml(student.id)}</caption>
<thead><tr><th scope="col">Exercise</th><th scope="col">Status</th><th scope="col">Score</th><th scope="col">Tests</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${problems}
</section>`;
}

function studentsSection(grades: Grades): string {
  const columns = exerciseColumns(grades);
  return `<section aria-labelledby="students">
<h2 id="students">Students</h2>
${grades.students.length === 0 ? '<p>No students were graded.</p>' : studentsTable(grades, columns)}
${grades.students.map(studentSection).join('\n')}
</section>`;
}

/** Palette and type of site/styles/global.css, so the report looks like the course; keep the two in step. */
const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #fbfbfa; --fg: #1f2937; --muted: #5b6472; --line: #e3e5e8; --panel: #ffffff;
  --accent: #0f6fbf; --accent-fg: #ffffff; --ok: #13803d; --bad: #c0262d; --warn: #a15c00; --code-bg: #f4f5f7;
  --radius: 10px;
  --font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  --mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --fg: #e6e8eb; --muted: #9aa3ae; --line: #2a3038; --panel: #171b21;
    --accent: #5cb0ff; --accent-fg: #0b1520; --ok: #4ccb7a; --bad: #ff6b6b; --warn: #f0b454; --code-bg: #1b2027;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); font: 16px/1.55 var(--font); }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: var(--panel); padding: .5rem 1rem; z-index: 10; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.site { border-bottom: 1px solid var(--line); background: var(--panel); }
header.site nav { max-width: 72rem; margin: 0 auto; padding: .75rem 1.25rem; display: flex; flex-wrap: wrap; gap: .4rem 1.25rem; align-items: center; }
header.site .brand { font-weight: 700; margin-right: auto; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .5rem 0 .25rem; }
h2 { margin-top: 2.5rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { margin: 1.5rem 0 .5rem; font-size: 1.15rem; }
h4 { margin: 1.25rem 0 .25rem; font-size: 1rem; display: flex; gap: .6rem; align-items: center; }
code { font-family: var(--mono); font-size: .9em; }
pre { font-family: var(--mono); background: var(--code-bg); padding: .75rem 1rem; border-radius: var(--radius); border: 1px solid var(--line);
  font-size: .85rem; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 24rem; overflow: auto; margin: .25rem 0 1rem; }
/* Wide tables scroll inside themselves on a phone; "relative" keeps their .sr-only text inside that scroll box, not widening the page. */
table { border-collapse: collapse; margin: 1rem 0; font-size: .95rem; display: block; overflow-x: auto; max-width: 100%; position: relative; }
th, td { border: 1px solid var(--line); padding: .4rem .65rem; text-align: left; vertical-align: top; }
thead th { background: var(--code-bg); white-space: nowrap; }
tbody th { font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--muted); }
.badge { display: inline-block; font-size: .78rem; font-weight: 500; padding: .05rem .55rem; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
.badge[data-state='passed'] { color: var(--ok); border-color: var(--ok); }
.badge[data-state='failed'] { color: var(--bad); border-color: var(--bad); }
.badge[data-state='error'] { color: var(--warn); border-color: var(--warn); }
td[data-state] { white-space: nowrap; font-variant-numeric: tabular-nums; }
td[data-state='passed'] .status-dot { color: var(--ok); }
td[data-state='failed'] .status-dot { color: var(--bad); }
td[data-state='error'] .status-dot { color: var(--warn); }
td[data-state='missing'] .status-dot { color: var(--muted); }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.stats div { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem; }
.stats dt { color: var(--muted); font-size: .85rem; }
.stats dd { margin: 0; font-size: 1.5rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.stats dd .muted { font-size: .95rem; font-weight: 400; }
figure { margin: 1rem 0; background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; max-width: 44rem; }
figcaption { color: var(--muted); font-size: .85rem; margin-top: .5rem; }
.chart { display: block; width: 100%; height: auto; font-family: var(--font); }
.chart .bar { fill: var(--accent); }
.chart .grid { stroke: var(--line); }
.chart .axis { stroke: var(--muted); }
.chart text { fill: var(--fg); font-size: 13px; }
.chart .tick, .chart .axis-title { fill: var(--muted); }
.chart .count { font-weight: 600; }
.chart .label { font-family: var(--mono); font-size: 12px; }
.chart .track { fill: var(--code-bg); }
.chart .seg[data-state='passed'] { fill: var(--ok); }
.chart .seg[data-state='failed'] { fill: var(--bad); }
.chart .seg[data-state='error'] { fill: var(--warn); }
.chart .seg[data-state='missing'] { fill: var(--muted); }
ol.failing { padding-left: 1.5rem; }
ol.failing li { margin-bottom: 1.25rem; }
ol.failing h3 { margin: 0 0 .25rem; font-size: 1rem; }
ol.failing p { margin: .25rem 0; }
section.student { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .25rem; scroll-margin-top: 1rem; }
.score-line { margin: .25rem 0; }
.problem { margin: .5rem 0 0; font-weight: 600; color: var(--bad); }
.problem[data-state='error'] { color: var(--warn); }
.problem[data-state='missing'] { color: var(--muted); }
.problem .badge { font-weight: 400; }
table.students th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
table.students th button::after { content: ' ↕'; color: var(--muted); font-weight: 400; }
table.students th[aria-sort='ascending'] button::after { content: ' ↑'; }
table.students th[aria-sort='descending'] button::after { content: ' ↓'; }
@media print {
  header.site, .skip-link, .score-line a { display: none; }
  pre { max-height: none; }
  section.student { break-inside: avoid-page; }
}
`;

/**
 * Sorting by clicking a column header. Progressive enhancement: without it
 * the table keeps the grading order. Reads cell text and data-sort only and
 * writes no markup, so student text never reaches innerHTML.
 */
const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table[data-sortable]')) {
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach((th, column) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.replaceChildren(button);
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of heads) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const key = (row) => row.cells[column].dataset.sort ?? row.cells[column].textContent.trim();
      const body = table.tBodies[0];
      const rows = Array.from(body.rows).sort((a, b) => {
        const x = key(a), y = key(b), nx = Number(x), ny = Number(y);
        const order = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  });
}
`;

export function gradesHtml(grades: Grades): string {
  const title = `Sockets Lab grades — ${grades.gradedAt}`;
  const students = grades.students.length;
  const exercises = exerciseColumns(grades).length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to the report</a>
<header class="site">
<nav aria-label="Report sections">
<span class="brand">Sockets Lab</span>
<a href="#summary">Summary</a>
<a href="#exercises">Exercises</a>
<a href="#failing">Failing tests</a>
<a href="#students">Students</a>
</nav>
</header>
<main id="main">
<h1>Grade report</h1>
<p class="muted">Graded ${escapeHtml(grades.gradedAt)} · seed ${grades.seed} · ${students} student${students === 1 ? '' : 's'} · ${exercises} exercise${exercises === 1 ? '' : 's'}</p>
${summarySection(grades)}
${exercisesSection(grades)}
${failingSection(grades)}
${studentsSection(grades)}
</main>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
