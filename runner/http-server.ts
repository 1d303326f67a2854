/** An HTTP server that hands everything to the runner: pages, API and terminal upgrades. */
import http from 'node:http';
import type { Runner } from './runner.ts';

export function createHttpServer(runner: Runner): http.Server {
  const server = http.createServer((req, res) => {
    if (!runner.handleRequest(req, res)) res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!runner.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  return server;
}
