/**
 * The learner's workspace: one folder per exercise holding the file they
 * edit. A starter is copied in the first time an exercise is opened and is
 * never copied over it again; only an explicit reset replaces the file, and
 * reset keeps a backup first.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exercise } from './exercises.ts';
import { projectRoot } from './paths.ts';

export class WorkspaceError extends Error {
  constructor(
    readonly code: 'RESET_NOT_CONFIRMED',
    message: string,
  ) {
    super(message);
  }
}

export class Workspace {
  constructor(readonly dir: string) {}

  solutionPath(exercise: Exercise): string {
    return path.join(this.dir, exercise.id, exercise.file);
  }

  backupsDir(exercise: Exercise): string {
    return path.join(this.dir, '.backups', exercise.id);
  }

  /** Make sure the workspace can be opened in an editor with types and completions for Node. */
  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const typesRoot = path.join(projectRoot, 'node_modules', '@types');
    const tsconfig = {
      // Written by Sockets Lab so editors type-check solution.ts files with Node's types.
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        allowImportingTsExtensions: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [typesRoot],
      },
      include: ['**/*.ts'],
      exclude: ['.backups'],
    };
    await writeIfMissing(path.join(this.dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
    // "type": "module" makes solution.ts an ES module for editors and for tsx alike.
    await writeIfMissing(path.join(this.dir, 'package.json'), `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`);
  }

  /**
   * Copy the starter into place unless the learner already has a file.
   * Returns true when it copied. COPYFILE_EXCL makes "never overwrite" a
   * property of the system call, not of a check that could race.
   */
  async open(exercise: Exercise): Promise<boolean> {
    const target = this.solutionPath(exercise);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await copyFile(exercise.starterPath, target, constants.COPYFILE_EXCL);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async read(exercise: Exercise): Promise<string | undefined> {
    try {
      return await readFile(this.solutionPath(exercise), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Replace the learner's file with the starter, after saving a backup. Returns the backup's path, if there was a file. */
  async reset(exercise: Exercise, confirmed: boolean): Promise<string | undefined> {
    if (!confirmed) {
      throw new WorkspaceError('RESET_NOT_CONFIRMED', `Resetting ${exercise.id} replaces your solution.ts with the starter. Confirm to go ahead (a backup is kept).`);
    }
    const current = await this.read(exercise);
    let backup: string | undefined;
    if (current !== undefined) {
      const dir = this.backupsDir(exercise);
      await mkdir(dir, { recursive: true });
      backup = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${exercise.file}`);
      await writeFile(backup, current, { flag: 'wx' });
    }
    await mkdir(path.dirname(this.solutionPath(exercise)), { recursive: true });
    await copyFile(exercise.starterPath, this.solutionPath(exercise));
    return backup;
  }
}

async function writeIfMissing(file: string, content: string): Promise<void> {
  try {
    await writeFile(file, content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
