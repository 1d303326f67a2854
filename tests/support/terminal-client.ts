/** A WebSocket client speaking the runner protocol, as the page does, for tests. */
import WebSocket from 'ws';
import { decodeOutput, PROTOCOL_NAME, PROTOCOL_VERSION, TERMINAL_PATH, TOKEN_PROTOCOL_PREFIX, type ClientMessage, type ServerMessage } from '../../schema/protocol.ts';
import type { TestRunner } from './test-runner.ts';

export class TerminalClient {
  readonly messages: ServerMessage[] = [];
  private readonly output = new Map<number, Buffer[]>();
  private listeners: Array<() => void> = [];
  /** When false, output is not acknowledged (to test flow control). */
  autoAck = true;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const { session, data: bytes } = decodeOutput(new Uint8Array(data));
        const list = this.output.get(session) ?? [];
        list.push(Buffer.from(bytes));
        this.output.set(session, list);
        if (this.autoAck) this.send({ type: 'ack', session, bytes: bytes.length });
      } else {
        this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      }
      for (const listener of this.listeners.splice(0)) listener();
    });
    ws.on('close', () => {
      for (const listener of this.listeners.splice(0)) listener();
    });
  }

  static async connect(runner: TestRunner, hello = true): Promise<TerminalClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${runner.port}${TERMINAL_PATH}`, [PROTOCOL_NAME, `${TOKEN_PROTOCOL_PREFIX}${runner.token}`], {
      origin: runner.origin,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const client = new TerminalClient(ws);
    if (hello) {
      client.send({ type: 'hello', version: PROTOCOL_VERSION });
      await client.waitFor((m) => m.type === 'hello');
    }
    return client;
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  bytes(session: number): Buffer {
    return Buffer.concat(this.output.get(session) ?? []);
  }

  text(session: number): string {
    return this.bytes(session).toString('utf8');
  }

  /** Resolve when `condition` holds, re-checked on every message; reject after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs = 15_000, what = 'a condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      const check = () => {
        if (condition()) {
          clearTimeout(deadline);
          resolve();
        } else if (this.ws.readyState === WebSocket.CLOSED) {
          clearTimeout(deadline);
          reject(new Error(`the connection closed while waiting for ${what}`));
        } else this.listeners.push(check);
      };
      check();
    });
  }

  async waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs = 15_000): Promise<ServerMessage> {
    await this.until(() => this.messages.some(match), timeoutMs, 'a message');
    return this.messages.find(match)!;
  }

  exitOf(session: number, timeoutMs?: number): Promise<Extract<ServerMessage, { type: 'exit' }>> {
    return this.waitFor((m): m is Extract<ServerMessage, { type: 'exit' }> => m.type === 'exit' && m.session === session, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}
