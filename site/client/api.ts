/** Calls to the runner's HTTP API, with the token and readable errors. */
import { forgetToken, getToken } from './token.ts';

export class RunnerUnavailable extends Error {}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const token = getToken();
  if (!token) throw new RunnerUnavailable('no-token');
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  } catch {
    throw new RunnerUnavailable('offline');
  }
  if (response.status === 401) {
    // The runner was restarted: its new token is in the new link.
    forgetToken();
    throw new RunnerUnavailable('bad-token');
  }
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `The runner answered ${response.status}.`);
  return body;
}

/** Show the page's "connect to the runner" notice, worded for what went wrong. */
export function showRunnerNotice(reason: string): void {
  const notice = document.querySelector<HTMLElement>('[data-runner-notice]');
  if (!notice) return;
  const text: Record<string, string> = {
    'no-token': 'To run code from this page, open the link that `npm start` printed in your terminal (it carries a one-time access key).',
    'bad-token': 'The runner was restarted. Open the new link that `npm start` printed in your terminal.',
    offline: 'The runner is not reachable. Start it with `npm start` and open the link it prints.',
  };
  notice.textContent = text[reason] ?? reason;
  notice.hidden = false;
}
