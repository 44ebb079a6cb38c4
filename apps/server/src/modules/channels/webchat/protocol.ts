// The widget's WebSocket protocol: JSON frames, validated on arrival. docs/widget.md describes it for integrators.
import { z } from 'zod';

/** Most UTF-8 bytes a visitor's message may have. */
export const MAX_TEXT_BYTES = 4096;
/** Larger raw frames are refused before parsing (the socket itself caps frames at 64 KiB). */
export const MAX_FRAME_BYTES = 16 * 1024;

/** Close codes a widget acts on (4000–4999 are the application's own). */
export const CLOSE = {
  /** The visitor token is forged, altered, or for another widget: the widget may start afresh without one. */
  badToken: { code: 4401, reason: 'invalid visitor token' },
  /** The Origin header is not one of the widget's allowed origins. */
  badOrigin: { code: 4403, reason: 'origin not allowed' },
  /** No live widget with this key (never existed, or deleted). */
  unknownKey: { code: 4404, reason: 'unknown widget key' },
  /** The first frame must be a hello, within a few seconds. */
  noHello: { code: 4408, reason: 'no hello received' },
  /** Too many new visitors from one address. */
  tooManyVisitors: { code: 4429, reason: 'too many new visitors from this address' },
} as const;

// PostgreSQL refuses NUL in text and an unpaired surrogate in jsonb: drop the one, replace the other with U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storableText = (s: string) => s.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');

const text = z
  .string({ message: 'text must be a string' })
  .transform(storableText)
  .refine((s) => s.trim().length > 0, { message: 'text is empty' })
  .refine((s) => Buffer.byteLength(s) <= MAX_TEXT_BYTES, { message: `text is longer than ${MAX_TEXT_BYTES} bytes` });

export const clientFrame = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('hello'),
        /** Absent (or null): a new visitor. Present: must verify, or the socket is closed. */
        token: z.string().max(300).nullish(),
        /** The last `seq` the widget has shown: history starts after it. Absent: the latest messages. */
        after: z.number().int().min(0).optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('message'),
        /** Chosen by the widget (a UUID) and kept until acknowledged: a resend is stored once. */
        clientId: z.uuid({ message: 'clientId must be a UUID' }),
        text,
        /** From the optional pre-chat field: becomes the contact's name. */
        name: z.string().max(80).transform(storableText).optional(),
      })
      .strict(),
    z.object({ type: z.literal('ping') }).strict(),
  ],
  { message: 'type must be one of hello, message, ping' },
);
export type ClientFrame = z.infer<typeof clientFrame>;

/** One message as a widget shows it. */
export interface WidgetMessage {
  seq: number;
  from: 'visitor' | 'business';
  text: string;
  options?: string[];
  /** The visitor's own id for a message it sent (its other tabs know it is theirs). */
  clientId?: string;
  /** Our id for a message sent to the visitor. */
  id?: string;
  at: string;
}

export type ServerFrame =
  | { type: 'ready'; visitorId: string; token: string; widget: { title: string; accentColor: string } }
  | { type: 'history'; messages: WidgetMessage[] }
  | { type: 'message'; message: WidgetMessage }
  | { type: 'ack'; clientId: string; duplicate: boolean }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string; clientId?: string };

/** "field: problem" for each issue, so a bad frame says what is wrong with it. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
