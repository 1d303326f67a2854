/**
 * Before running tests, make sure the learner's file parses. esbuild answers
 * in milliseconds with a line and column, which we turn into an explanation
 * instead of letting the test runner fail with its own internals on screen.
 */
import { readFile } from 'node:fs/promises';
import { transform, type Message } from 'esbuild';

export interface CompileError {
  code: 'COMPILE_ERROR' | 'NO_SOLUTION';
  message: string;
}

export async function findCompileError(file: string): Promise<CompileError | undefined> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return { code: 'NO_SOLUTION', message: `There is no file at ${file} yet. Open the exercise once to create it from the starter.` };
  }
  try {
    await transform(source, { loader: 'ts', format: 'esm', sourcefile: file, logLevel: 'silent' });
    return undefined;
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors ?? [];
    const lines = messages.slice(0, 5).map((m) => {
      const where = m.location ? `line ${m.location.line}, column ${m.location.column + 1}` : 'somewhere';
      const code = m.location ? `\n    ${m.location.lineText}\n    ${' '.repeat(m.location.column)}^` : '';
      return `  ${where}: ${m.text}${code}`;
    });
    return {
      code: 'COMPILE_ERROR',
      message: `Your solution.ts does not compile, so no test could run:\n${lines.join('\n') || '  (no details)'}\nFix the syntax error and run the checks again.`,
    };
  }
}
