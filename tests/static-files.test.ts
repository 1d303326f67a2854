/** The built site is served from its folder and nothing outside it, whatever the request path says. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestRunner, type TestRunner } from './support/test-runner.ts';

let runner: TestRunner;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sockets-lab-site-'));
  await mkdir(path.join(root, 'site', 'lessons'), { recursive: true });
  await writeFile(path.join(root, 'site', 'index.html'), '<h1>home</h1>');
  await writeFile(path.join(root, 'site', 'lessons', 'index.html'), '<h1>lessons</h1>');
  await writeFile(path.join(root, 'secret.txt'), 'outside the site');
  runner = await startTestRunner({ staticDir: path.join(root, 'site') });
});
afterAll(async () => {
  await runner.close();
  await rm(root, { recursive: true, force: true });
});

function get(rawPath: string): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    // A raw path: http.request sends it as given, without normalising "..".
    const req = http.request({ host: '127.0.0.1', port: runner.port, path: rawPath, headers: { host: `127.0.0.1:${runner.port}` } });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves pages and folder indexes with their types', async () => {
  expect(await get('/')).toMatchObject({ status: 200, body: '<h1>home</h1>', type: 'text/html; charset=utf-8' });
  expect(await get('/lessons/')).toMatchObject({ status: 200, body: '<h1>lessons</h1>' });
});

test.each(['/../secret.txt', '/%2e%2e/secret.txt', '/lessons/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/x%00.html'])(
  'never serves a file outside the site: %s',
  async (attempt) => {
    const { status, body } = await get(attempt);
    expect(status).toBe(404);
    expect(body).not.toContain('outside the site');
  },
);

test('pages need no token but still need our Host', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: runner.port, path: '/', headers: { host: 'evil.example' } });
    req.on('response', (res) => resolve(res.statusCode!));
    req.on('error', reject);
    req.end();
  });
  expect(status).toBe(403);
});
