/**
 * Killing a run means killing everything it started. node-pty starts each
 * program as the leader of a new session and process group, so signalling the
 * negative pid reaches the program, the test workers it forked and any child
 * the learner spawned. Descendants that left the group are found in /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of every live descendant of `pid` (Linux: from /proc; elsewhere: none found). */
export function descendants(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after it start at the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const frontier = [pid];
  while (frontier.length) {
    const parent = frontier.pop()!;
    for (const [child, ppid] of parentOf) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        frontier.push(child);
      }
    }
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** SIGKILL the process group led by `pid` and every descendant, wherever it went. */
export function killTree(pid: number): void {
  const family = descendants(pid);
  if (process.platform !== 'win32') signal(-pid, 'SIGKILL');
  for (const child of family) signal(child, 'SIGKILL');
  signal(pid, 'SIGKILL');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
