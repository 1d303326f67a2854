/**
 * The runner's access token reaches the page in the launch link's #fragment
 * (never sent to any server, never in a page). It is kept in this tab's
 * sessionStorage so moving between pages and reloading keep working, and
 * removed from the address bar so it is not shared by copy-paste.
 */
const KEY = 'sockets-lab-token';

export function getToken(): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(KEY, match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
