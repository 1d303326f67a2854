/**
 * The private line between the runner and a check host: newline-delimited
 * JSON over a Unix socket (a named pipe on Windows) in a directory only we
 * can read. Terminal output goes through the pty; verdicts go through here,
 * so nothing a learner's program prints can pose as a result.
 */
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const CONTROL_ENV = 'SOCKETS_LAB_CONTROL';
/** "serve": the check host takes job after job (grading); otherwise one job, then exit. */
export const HOST_MODE_ENV = 'SOCKETS_LAB_HOST_MODE';
/** A verdict with hundreds of failing tests and their messages still fits; anything bigger is not ours. */
const MAX_LINE_BYTES = 4 * 1024 * 1024;

export type Message = Record<string, unknown> & { type: string };

/** Split a byte stream into JSON messages, one per line. */
export function readMessages(socket: net.Socket, onMessage: (message: Message) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    buffered += text;
    if (buffered.length > MAX_LINE_BYTES) {
      socket.destroy(new Error('control message too large'));
      return;
    }
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed && typeof parsed === 'object' && typeof (parsed as Message).type === 'string') onMessage(parsed as Message);
      } catch {
        socket.destroy(new Error('malformed control message'));
        return;
      }
    }
  });
}

export function sendMessage(socket: net.Socket, message: Message): void {
  socket.write(`${JSON.stringify(message)}\n`);
}

export interface ControlServer {
  address: string;
  server: net.Server;
  close(): void;
}

export async function listenControl(onConnection: (socket: net.Socket) => void): Promise<ControlServer> {
  let dir: string | undefined;
  let address: string;
  if (process.platform === 'win32') {
    address = `\\\\.\\pipe\\sockets-lab-${randomBytes(12).toString('hex')}`;
  } else {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sockets-lab-'));
    chmodSync(dir, 0o700);
    address = path.join(dir, 'control.sock');
  }
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => resolve());
  });
  // The runner must be able to exit while hosts are idle.
  server.unref();
  return {
    address,
    server,
    close() {
      server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
