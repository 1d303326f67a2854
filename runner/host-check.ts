/**
 * Who may talk to the runner. A web page elsewhere can make the browser send
 * requests to 127.0.0.1 (or point its own domain there by DNS rebinding), so
 * every request must name us in Host exactly, and every state-changing
 * request and WebSocket must come from our own origin exactly: no prefix or
 * pattern matching (a prefix-matching origin check was a real CVE elsewhere).
 */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function allowedHosts(port: number): Set<string> {
  return new Set(LOOPBACK_NAMES.map((name) => `${name}:${port}`));
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}
