/** Waiting with a deadline whose message says what we were waiting for. */
export class WaitTimeout extends Error {
  readonly code = 'WAIT_TIMEOUT';
}

export function withTimeout<T>(promise: Promise<T>, ms: number, waitingFor: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeout(`Waited ${ms} ms for ${waitingFor}, but it never happened.`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
