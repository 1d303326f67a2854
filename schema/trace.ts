/**
 * A wire trace: what the hidden tests' peers saw on the network during one
 * test, in order. The harness records it, the check result carries it, and
 * the exercise page draws it as a sequence diagram (lessons draw their
 * handshake and teardown figures from the same shape of data).
 */
import { z } from 'zod';

export const traceEventKinds = [
  /** A TCP connection was opened by `from` to `to` (SYN / SYN-ACK / ACK in one mark). */
  'connect',
  /** Bytes on a TCP stream, one arrow per write or per read chunk. */
  'data',
  /** One UDP datagram. */
  'datagram',
  /** A segment of the handshake or teardown drawn on its own (lessons): SYN, SYN-ACK, ACK, FIN… */
  'segment',
  /** `from` ended its sending side (FIN). */
  'fin',
  /** `from` reset the connection (RST). */
  'rst',
  /** A datagram the relay dropped on purpose. */
  'drop',
  /** A datagram the relay delivered twice on purpose. */
  'duplicate',
  /** A peer waited and nothing came. */
  'timeout',
  /** A remark on one lane (e.g. "paused reading"). */
  'note',
] as const;

export const traceEventSchema = z.object({
  /** Milliseconds since the test started. */
  t: z.number().nonnegative(),
  kind: z.enum(traceEventKinds),
  /** Lane the event starts on (e.g. "client 1", "your server"). */
  from: z.string(),
  /** Lane it goes to; absent for marks on one lane (fin on a lane without a peer, note, timeout). */
  to: z.string().optional(),
  /** Bytes carried, for data and datagrams. */
  size: z.number().int().nonnegative().optional(),
  /** A short, printable preview of the bytes, or the segment's label (e.g. "SYN seq=x"). */
  label: z.string().max(120).optional(),
});

export const traceSchema = z.object({
  /** Lanes left to right, in the order they should be drawn. */
  lanes: z.array(z.string()).min(1).max(12),
  events: z.array(traceEventSchema).max(500),
  /** How many events were left out to keep the trace small. */
  omitted: z.number().int().nonnegative().default(0),
});

export type TraceEventKind = (typeof traceEventKinds)[number];
export type TraceEvent = z.infer<typeof traceEventSchema>;
export type Trace = z.infer<typeof traceSchema>;
