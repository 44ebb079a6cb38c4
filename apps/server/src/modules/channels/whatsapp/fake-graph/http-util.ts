import type { IncomingMessage } from 'node:http';

/** What a route answers; the server writes it and records it. `drop` destroys the socket without a response. */
export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'bytes'; status: number; bytes: Buffer; contentType: string }
  | { kind: 'drop' };

export const json = (status: number, body: unknown): Reply => ({ kind: 'json', status, body });

/** Bodies above this are refused before buffering further: the fake must survive a runaway client. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) return 'too-large';
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/** Recorded headers leave the token out: recordings end up in test output and snapshots. */
export function headersWithoutAuth(req: IncomingMessage): Record<string, string | string[] | undefined> {
  const { authorization: _authorization, ...rest } = req.headers;
  return rest;
}

/** Parsed JSON when it parses, the raw text otherwise, undefined for an empty body. */
export function parseForRecord(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
