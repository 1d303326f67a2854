/**
 * The page's side of the runner protocol: one WebSocket, many terminal
 * sessions. The page never deals with processes; it starts sessions, sends
 * keystrokes and sizes, and receives bytes, verdicts and exits.
 */
import {
  decodeOutput,
  PROTOCOL_NAME,
  PROTOCOL_VERSION,
  serverMessageSchema,
  TERMINAL_PATH,
  TOKEN_PROTOCOL_PREFIX,
  type ClientMessage,
  type ServerMessage,
} from '../../schema/protocol.ts';
import type { CheckResult } from '../../schema/check-result.ts';

export type SessionKind = 'check' | 'program' | 'shell';

export interface SessionEvents {
  output(data: Uint8Array): void;
  result?(result: CheckResult): void;
  exit(code: number, reason?: string): void;
  error?(message: string): void;
}

export class Session {
  constructor(
    readonly id: number,
    private readonly connection: RunnerConnection,
    readonly events: SessionEvents,
  ) {}

  input(data: string): void {
    this.connection.send({ type: 'input', session: this.id, data });
  }

  resize(cols: number, rows: number): void {
    this.connection.send({ type: 'resize', session: this.id, cols, rows });
  }

  ack(bytes: number): void {
    this.connection.send({ type: 'ack', session: this.id, bytes });
  }

  kill(): void {
    this.connection.send({ type: 'kill', session: this.id });
  }
}

export class RunnerConnection {
  private readonly sessions = new Map<number, Session>();
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('message', (event) => this.receive(event.data as ArrayBuffer | string));
    ws.addEventListener('close', () => {
      for (const session of this.sessions.values()) session.events.exit(-1, 'disconnected');
      this.sessions.clear();
    });
  }

  static open(token: string): Promise<RunnerConnection> {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${TERMINAL_PATH}`;
    // The token travels as a subprotocol so it never appears in a URL.
    const ws = new WebSocket(url, [PROTOCOL_NAME, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => {
        const connection = new RunnerConnection(ws);
        const onHello = (event: MessageEvent) => {
          if (typeof event.data !== 'string') return;
          const message = JSON.parse(event.data) as ServerMessage;
          if (message.type === 'hello') {
            ws.removeEventListener('message', onHello);
            resolve(connection);
          } else if (message.type === 'error') reject(new Error(message.message));
        };
        ws.addEventListener('message', onHello);
        connection.send({ type: 'hello', version: PROTOCOL_VERSION });
      });
      ws.addEventListener('error', () => reject(new Error('The runner refused the terminal connection.')));
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: ClientMessage): void {
    if (this.open) this.ws.send(JSON.stringify(message));
  }

  start(kind: SessionKind, exercise: string, size: { cols: number; rows: number }, events: SessionEvents): Session {
    const session = new Session(this.nextId++, this, events);
    this.sessions.set(session.id, session);
    this.send({ type: 'start', session: session.id, kind, exercise, cols: size.cols, rows: size.rows });
    return session;
  }

  private receive(data: ArrayBuffer | string): void {
    if (typeof data !== 'string') {
      const { session, data: bytes } = decodeOutput(new Uint8Array(data));
      this.sessions.get(session)?.events.output(bytes);
      return;
    }
    const parsed = serverMessageSchema.safeParse(JSON.parse(data));
    if (!parsed.success) return;
    const message = parsed.data;
    const session = 'session' in message && message.session !== undefined ? this.sessions.get(message.session) : undefined;
    if (!session) return;
    switch (message.type) {
      case 'result':
        session.events.result?.(message.result);
        break;
      case 'exit':
        this.sessions.delete(session.id);
        session.events.exit(message.code, message.reason);
        break;
      case 'error':
        session.events.error?.(message.message);
        this.sessions.delete(session.id);
        session.events.exit(-1, 'error');
        break;
    }
  }
}
