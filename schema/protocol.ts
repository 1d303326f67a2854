/**
 * The runner's WebSocket protocol, shared by the page and the runner.
 * Control messages are JSON text frames validated here; terminal output is
 * binary frames: a 2-byte big-endian session number, then raw bytes.
 */
import { z } from 'zod';
import { exerciseIdSchema } from './exercise.ts';
import { checkResultSchema } from './check-result.ts';

export const PROTOCOL_VERSION = 1;
/** Sent as a WebSocket subprotocol; the token travels as a second one, never in a URL. */
export const PROTOCOL_NAME = 'sockets-lab.v1';
export const TOKEN_PROTOCOL_PREFIX = 'token.';
export const TERMINAL_PATH = '/api/terminal';

const session = z.number().int().min(1).max(65_535);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), version: z.number().int() }).strict(),
  z
    .object({
      type: z.literal('start'),
      session,
      /** check: run the hidden tests · program: run the learner's file · shell: a shell in the exercise folder. */
      kind: z.enum(['check', 'program', 'shell']),
      exercise: exerciseIdSchema,
      cols: z.number().int().optional(),
      rows: z.number().int().optional(),
      /** Replay a check's random choices. */
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    })
    .strict(),
  /** Keystrokes; a human types slowly, 16 KiB covers a paste. */
  z.object({ type: z.literal('input'), session, data: z.string().max(16_384) }).strict(),
  z.object({ type: z.literal('resize'), session, cols: z.number().int(), rows: z.number().int() }).strict(),
  z.object({ type: z.literal('kill'), session }).strict(),
  /** Bytes the page has written to its terminal since the last ack. */
  z.object({ type: z.literal('ack'), session, bytes: z.number().int().min(0).max(2 ** 31) }).strict(),
]);

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), version: z.number().int() }),
  z.object({ type: z.literal('started'), session, kind: z.enum(['check', 'program', 'shell']) }),
  z.object({ type: z.literal('result'), session, result: checkResultSchema }),
  z.object({
    type: z.literal('exit'),
    session,
    code: z.number().int(),
    reason: z.enum(['timeout', 'output-limit', 'killed', 'disconnected', 'shutdown']).optional(),
  }),
  z.object({ type: z.literal('error'), session: session.optional(), code: z.string(), message: z.string() }),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Frame terminal output for one session. */
export function encodeOutput(sessionId: number, data: Uint8Array): Uint8Array {
  const frame = new Uint8Array(data.length + 2);
  frame[0] = sessionId >> 8;
  frame[1] = sessionId & 0xff;
  frame.set(data, 2);
  return frame;
}

export function decodeOutput(frame: Uint8Array): { session: number; data: Uint8Array } {
  return { session: (frame[0]! << 8) | frame[1]!, data: frame.subarray(2) };
}
