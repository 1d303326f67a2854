/**
 * The `sockets-lab` command: the same check pipeline as the page, from a
 * terminal. `npm start` runs `start`; `npm run check -- <id>` runs `check`.
 */
import { watch as watchFile } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CheckRunner } from './check.ts';
import { formatVerdict } from './verdict.ts';
import { findExercise, loadExercises, type Exercise } from './exercises.ts';
import { defaultWorkspaceDir } from './paths.ts';
import { ProgressStore } from './progress.ts';
import { UsageError } from './usage-error.ts';
import { Workspace } from './workspace.ts';

const help: Record<string, string> = {
  main: `Sockets Lab — learn network programming against real sockets.

Usage: npm run <command> -- [options]     (or: npx sockets-lab <command> [options])

Commands:
  start            serve the course and the runner on 127.0.0.1 (npm start)
  check <id>       run an exercise's hidden tests against your solution.ts (--all: every exercise)
  watch <id>       check again every time you save solution.ts
  list             exercises and how far you got
  hint <id>        show the next hint for an exercise
  reset <id>       replace your solution.ts with the starter (asks for --yes; keeps a backup)
  grade <dir>      grade a class: <dir>/<student>/<exercise-id>/solution.ts (teachers; see grade --help)

Options for every command:
  --workspace DIR  where your solution files live (default: ./workspace, or $SOCKETS_LAB_WORKSPACE)
  --help           help for a command, e.g. check --help`,
  start: `Usage: npm start -- [--port N] [--workspace DIR]

Builds the site if needed, then serves it and the runner on http://127.0.0.1:PORT.
  --port N   port to listen on (default 4321, or $PORT; if it is taken the next free one is used and said)`,
  check: `Usage: npm run check -- <id> [--seed N] | --all

Runs the hidden tests of exercise <id> against workspace/<id>/solution.ts.
  --seed N   replay the random choices of an earlier run (printed on failure)
  --all      check every exercise, one after another
Exits with status 1 when a check does not pass.`,
  watch: `Usage: npm run watch -- <id>

Checks <id> now and again every time workspace/<id>/solution.ts is saved. Ctrl-C stops.`,
  list: `Usage: npm run list

Lists every exercise with its status: not started, in progress or passed.`,
  hint: `Usage: npm run hint -- <id>

Shows the next hint you have not seen yet (and the ones before it).`,
  grade: `Usage: npm run grade -- <submissions-dir> [options]     (or: npx sockets-lab grade …)

Grades every student folder in <submissions-dir> (laid out like a workspace:
<student>/<exercise-id>/solution.ts) with the exercises' hidden tests.
Submissions are only read, never changed.
  --exercises a,b,c      only these exercises (default: every exercise present in some submission)
  --tests <dir>          a teacher's test pack that replaces or adds to the hidden tests (README: "Test packs")
  --out <dir>            where reports go (default: ./grades)
  --format <list>        json,csv,junit,html,classroom,gradescope (default: all)
  --jobs N               checks at once (default: the number of CPU cores)
  --timeout <seconds>    limit per exercise check (default: each exercise's own)
  --seed N               the random choices of the hostile-network tests (default 1): same seed, same scores`,
  reset: `Usage: npm run reset -- <id> --yes

Replaces workspace/<id>/solution.ts with the starter. Your current file is
saved under workspace/.backups/<id>/ first. Without --yes nothing happens.`,
};


interface Context {
  exercises: Exercise[];
  workspace: Workspace;
  progress: ProgressStore;
}

async function context(workspaceDir: string | undefined): Promise<Context> {
  const dir = path.resolve(workspaceDir ?? process.env.SOCKETS_LAB_WORKSPACE ?? defaultWorkspaceDir);
  const workspace = new Workspace(dir);
  await workspace.init();
  return { exercises: loadExercises(), workspace, progress: new ProgressStore(dir) };
}

function requireId(positionals: string[], command: string): string {
  const id = positionals[0];
  if (!id) throw new UsageError(`${command} needs an exercise id.\n\n${help[command]}`);
  return id;
}

async function checkOne(ctx: Context, runner: CheckRunner, exercise: Exercise, seed: number | undefined): Promise<boolean> {
  if (await ctx.workspace.open(exercise)) {
    process.stdout.write(`Created ${ctx.workspace.solutionPath(exercise)} from the starter.\n`);
  }
  const { run, result } = runner.start({
    exercise,
    solutionPath: ctx.workspace.solutionPath(exercise),
    seed,
    cols: process.stdout.columns,
    rows: process.stdout.rows,
  });
  run.onData((chunk) => process.stdout.write(chunk));
  const outcome = await result;
  await ctx.progress.recordCheck(outcome);
  process.stdout.write(`${formatVerdict(outcome)}\n`);
  return outcome.status === 'passed';
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      workspace: { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      all: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      exercises: { type: 'string' },
      tests: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      jobs: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    console.log(help[command] ?? help.main);
    return 0;
  }
  if (!help[command]) throw new UsageError(`Unknown command "${command}".\n\n${help.main}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not "${values.seed}".`);
  }

  if (command === 'start') {
    const { startCourse } = await import('./start.ts');
    await startCourse({ port: values.port, workspace: values.workspace });
    return 0;
  }

  if (command === 'grade') {
    const { gradeCommand } = await import('./grade-command.ts');
    return gradeCommand(rest, { ...values, seed });
  }

  const ctx = await context(values.workspace);
  switch (command) {
    case 'check': {
      const targets = values.all ? ctx.exercises : [findExercise(ctx.exercises, requireId(rest, 'check'))];
      const runner = await CheckRunner.create();
      try {
        let allPassed = true;
        for (const exercise of targets) allPassed = (await checkOne(ctx, runner, exercise, seed)) && allPassed;
        return allPassed ? 0 : 1;
      } finally {
        runner.close();
      }
    }
    case 'watch': {
      const exercise = findExercise(ctx.exercises, requireId(rest, 'watch'));
      const runner = await CheckRunner.create({ warm: true });
      await checkOne(ctx, runner, exercise, seed);
      let timer: NodeJS.Timeout | undefined;
      let running = false;
      console.log(`\nWatching ${ctx.workspace.solutionPath(exercise)} — save it to check again, Ctrl-C to stop.`);
      // Editors save in several steps (truncate, write, rename): wait for the burst to settle.
      watchFile(path.dirname(ctx.workspace.solutionPath(exercise)), () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          if (running) return;
          running = true;
          await checkOne(ctx, runner, exercise, seed).finally(() => (running = false));
          console.log('\nWatching — save again to re-check, Ctrl-C to stop.');
        }, 150);
      });
      await new Promise(() => undefined);
      return 0;
    }
    case 'list': {
      const progress = await ctx.progress.read();
      for (const exercise of ctx.exercises) {
        const state = progress.exercises[exercise.id];
        const status = state?.passed ? '\x1b[32mpassed\x1b[39m' : state?.attempts ? '\x1b[33min progress\x1b[39m' : 'not started';
        console.log(`${exercise.id.padEnd(20)} ${status.padEnd(22)} ${exercise.title}`);
      }
      return 0;
    }
    case 'hint': {
      const exercise = findExercise(ctx.exercises, requireId(rest, 'hint'));
      const shown = await ctx.progress.revealHint(exercise.id, exercise.hints.length);
      exercise.hints.slice(0, shown).forEach((hint, i) => console.log(`Hint ${i + 1} of ${exercise.hints.length}: ${hint}\n`));
      if (shown === exercise.hints.length) console.log('That was the last hint.');
      return 0;
    }
    case 'reset': {
      const exercise = findExercise(ctx.exercises, requireId(rest, 'reset'));
      if (!values.yes) {
        console.log(`This replaces ${ctx.workspace.solutionPath(exercise)} with the starter.\nRun again with --yes to do it (your file is backed up first).`);
        return 1;
      }
      const backup = await ctx.workspace.reset(exercise, true);
      console.log(`Reset ${exercise.id}.${backup ? ` Your previous file is saved as ${backup}` : ''}`);
      return 0;
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof UsageError || (error instanceof Error && 'code' in error);
    console.error(known ? (error as Error).message : error);
    process.exitCode = 2;
  },
);
