/**
 * A web page from anywhere else must never reach the runner. Each refusal
 * test sends a request that is right in every way but one, so removing the
 * check it targets makes the test fail; the positive controls prove the
 * same requests succeed when nothing is wrong.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_NAME, TERMINAL_PATH, TOKEN_PROTOCOL_PREFIX } from '../schema/protocol.ts';
import { loadExercises } from '../runner/exercises.ts';
import { isAllowedHost, isAllowedOrigin } from '../runner/host-check.ts';
import { tokenMatches } from '../runner/token.ts';
import { startTestRunner, type TestRunner } from './support/test-runner.ts';

let runner: TestRunner;
beforeAll(async () => {
  runner = await startTestRunner();
});
afterAll(() => runner.close());

interface Attempt {
  host?: string | null;
  origin?: string | null;
  token?: string | null;
}

/** A raw request, so that we control every header exactly (browsers would not let us forge Host). */
function request(method: string, path: string, attempt: Attempt, extra: http.OutgoingHttpHeaders = {}): Promise<number> {
  const headers: http.OutgoingHttpHeaders = { ...extra };
  if (attempt.host !== null) headers.host = attempt.host ?? `127.0.0.1:${runner.port}`;
  if (attempt.origin !== null) headers.origin = attempt.origin ?? runner.origin;
  return new Promise((resolve, reject) => {
    // setHost: false lets a test send no Host header at all.
    const req = http.request({ host: '127.0.0.1', port: runner.port, method, path, headers, setHost: false });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(attempt: Attempt): Promise<number> {
  const token = attempt.token === undefined ? runner.token : attempt.token;
  const protocols = [PROTOCOL_NAME, ...(token === null ? [] : [`${TOKEN_PROTOCOL_PREFIX}${token}`])];
  return request('GET', TERMINAL_PATH, attempt, {
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
    'sec-websocket-protocol': protocols.join(', '),
  });
}

function apiGet(attempt: Attempt): Promise<number> {
  const token = attempt.token === undefined ? runner.token : attempt.token;
  return request('GET', '/api/progress', attempt, token === null ? {} : { authorization: `Bearer ${token}` });
}

function apiPost(attempt: Attempt): Promise<number> {
  const token = attempt.token === undefined ? runner.token : attempt.token;
  const exercise = 'no-such-exercise';
  return request('POST', `/api/exercises/${exercise}/open`, attempt, token === null ? {} : { authorization: `Bearer ${token}` });
}

describe('the terminal WebSocket', () => {
  test('accepts a correct upgrade (control)', async () => {
    expect(await upgrade({})).toBe(101);
    expect(await upgrade({ host: `localhost:${runner.port}`, origin: `http://localhost:${runner.port}` })).toBe(101);
  });
  test.each([
    ['a forged Host (DNS rebinding)', (port: number) => `evil.example:${port}`],
    ['a Host with the wrong port', () => '127.0.0.1:1'],
    ['a Host without a port', () => '127.0.0.1'],
    ['a missing Host', () => null],
  ])('refuses %s with 403', async (_, host) => {
    expect(await upgrade({ host: host(runner.port) })).toBe(403);
  });
  test.each([
    ['a foreign Origin', 'https://evil.example'],
    ['Origin: null (sandboxed frames, file: pages)', 'null'],
    ['an Origin that only starts like ours', 'PREFIX'],
    ['a missing Origin', null],
  ])('refuses %s with 403', async (_, origin) => {
    const value = origin === 'PREFIX' ? `${runner.origin}.evil.example` : origin;
    expect(await upgrade({ origin: value })).toBe(403);
  });
  test.each([
    ['a missing token', null],
    ['an empty token', ''],
    ['a wrong token', 'x'.repeat(43)],
    ['a token with one character changed', 'FLIP'],
  ])('refuses %s with 401', async (_, token) => {
    const value = token === 'FLIP' ? `${runner.token.slice(0, -1)}${runner.token.endsWith('A') ? 'B' : 'A'}` : token;
    expect(await upgrade({ token: value })).toBe(401);
  });
});

describe('the HTTP API', () => {
  test('answers a correct request (control)', async () => {
    expect(await apiGet({})).toBe(200);
    expect(await apiPost({})).toBe(404); // Passed every check; the exercise just does not exist.
  });
  test('refuses a forged Host with 403', async () => {
    expect(await apiGet({ host: 'evil.example' })).toBe(403);
  });
  test('refuses a missing, empty or wrong token with 401', async () => {
    expect(await apiGet({ token: null })).toBe(401);
    expect(await apiGet({ token: '' })).toBe(401);
    expect(await apiGet({ token: 'nope' })).toBe(401);
  });
  test('refuses a GET carrying a foreign Origin with 403', async () => {
    expect(await apiGet({ origin: 'https://evil.example' })).toBe(403);
  });
  test('refuses state-changing requests from a foreign, null or missing Origin with 403', async () => {
    expect(await apiPost({ origin: 'https://evil.example' })).toBe(403);
    expect(await apiPost({ origin: 'null' })).toBe(403);
    expect(await apiPost({ origin: null })).toBe(403);
  });
  test('refuses bodies over the size limit', async () => {
    const big = JSON.stringify({ confirm: true, padding: 'x'.repeat(10_000) });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: runner.port,
        method: 'POST',
        path: `/api/exercises/${loadExercises()[0]!.id}/reset`,
        headers: { host: `127.0.0.1:${runner.port}`, origin: runner.origin, authorization: `Bearer ${runner.token}`, 'content-type': 'application/json' },
      });
      req.on('response', (res) => resolve(res.statusCode!));
      req.on('error', reject);
      req.end(big);
    });
    expect(status).toBe(413);
  });
});

describe('the checks themselves', () => {
  test('host names must match exactly, with the port', () => {
    expect(isAllowedHost('127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedHost('[::1]:8080', 8080)).toBe(true);
    expect(isAllowedHost('127.0.0.1', 8080)).toBe(false);
    expect(isAllowedHost('127.0.0.1:8080.evil.example', 8080)).toBe(false);
    expect(isAllowedHost('localhost.evil.example:8080', 8080)).toBe(false);
  });
  test('origins must match exactly, scheme included', () => {
    expect(isAllowedOrigin('http://localhost:8080', 8080)).toBe(true);
    expect(isAllowedOrigin('https://localhost:8080', 8080)).toBe(false);
    expect(isAllowedOrigin('http://localhost:80801', 8080)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:8080/', 8080)).toBe(false);
  });
  test('tokens are compared whole', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
  test('every launch gets a different, long token', async () => {
    const other = await startTestRunner();
    try {
      expect(other.token).not.toBe(runner.token);
      expect(other.token.length).toBeGreaterThanOrEqual(43);
    } finally {
      await other.close();
    }
  });
});
