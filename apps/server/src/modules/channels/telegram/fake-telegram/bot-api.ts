// Bot API answer bodies exactly as Telegram shapes them: `{ ok: true, result }` or
// `{ ok: false, error_code, description, parameters? }`, with the HTTP status equal to error_code.
import type { IncomingMessage } from 'node:http';
import { parseMultipart, type FormPart } from '../../whatsapp/fake-graph/multipart';

/** What a route answers; the server writes it and records it. `drop` destroys the socket without a response. */
export type Reply = { kind: 'json'; status: number; body: BotApiBody } | { kind: 'drop' };

export type BotApiBody =
  | { ok: true; result: unknown; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

export const ok = (result: unknown, description?: string): Reply => ({
  kind: 'json',
  status: 200,
  body: description === undefined ? { ok: true, result } : { ok: true, result, description },
});

export function fail(errorCode: number, description: string, retryAfter?: number): Reply {
  return {
    kind: 'json',
    status: errorCode,
    body: {
      ok: false,
      error_code: errorCode,
      description,
      ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
    },
  };
}

export const badRequest = (what: string): Reply => fail(400, `Bad Request: ${what}`);

/** Telegram's usual description for a bare error code. */
export function defaultDescription(code: number, retryAfter?: number): string {
  if (code === 429) return `Too Many Requests: retry after ${retryAfter ?? 1}`;
  if (code === 400) return 'Bad Request';
  if (code === 401) return 'Unauthorized';
  if (code === 403) return 'Forbidden: bot was blocked by the user';
  if (code === 404) return 'Not Found';
  if (code === 409) return 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
  if (code === 502) return 'Bad Gateway';
  if (code >= 500) return 'Internal Server Error';
  return 'Error';
}

/** Bodies above this are refused before buffering further: the fake must survive a runaway client. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** An upload may carry a 50 MB file (the bot upload cap) plus its form around it. */
export const MAX_UPLOAD_BODY_BYTES = 51 * 1024 * 1024;

export const isMultipart = (req: IncomingMessage): boolean => /^multipart\//i.test(req.headers['content-type'] ?? '');

export async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const max = isMultipart(req) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) return 'too-large';
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * The Bot API takes parameters from the query string, a JSON body, a urlencoded form or a multipart form (which
 * uploads files). Form and query values are strings; `param` helpers convert them. A multipart part with a filename
 * is a file: it goes to `files`, and `params` shows it as its name, type and size.
 */
export type ParamsResult = { ok: true; params: Record<string, unknown>; files: FormPart[] } | { ok: false; reply: Reply };

export type { FormPart } from '../../whatsapp/fake-graph/multipart';

export function readParams(req: IncomingMessage, url: URL, raw: Buffer): ParamsResult {
  // Collected as entries and built with Object.fromEntries, so a "__proto__" key stays an ordinary own property.
  const entries: Array<[string, unknown]> = [...url.searchParams];
  const files: FormPart[] = [];
  const done = (): ParamsResult => ({ ok: true, params: Object.fromEntries(entries) as Record<string, unknown>, files });
  const refuse = (reply: Reply): ParamsResult => ({ ok: false, reply });
  if (raw.length === 0) return done();
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(badRequest("can't parse JSON object"));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse(badRequest("can't parse JSON object"));
    entries.push(...Object.entries(body));
    return done();
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    entries.push(...new URLSearchParams(raw.toString('utf8')));
    return done();
  }
  if (type.startsWith('multipart/')) {
    const parts = parseMultipart(raw, req.headers['content-type']);
    if ('error' in parts) return refuse(badRequest(`can't parse multipart/form-data: ${parts.error}`));
    for (const part of parts) {
      if (part.filename === undefined) entries.push([part.name, part.bytes.toString('utf8')]);
      else {
        files.push(part);
        entries.push([part.name, { file: part.filename, contentType: part.contentType ?? null, size: part.bytes.length }]);
      }
    }
    return done();
  }
  return done();
}

/** A JSON-typed parameter that form and query bodies carry serialised (reply_markup, allowed_updates). */
export function jsonParam(v: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof v !== 'string') return { ok: true, value: v };
  try {
    return { ok: true, value: JSON.parse(v) as unknown };
  } catch {
    return { ok: false };
  }
}

/** An integer parameter given as a JSON number or as decimal digits. */
export function intParam(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,16}$/.test(v.trim()) ? Number(v.trim()) : undefined;
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** A boolean parameter: JSON true/false, or "true"/"false"/"1"/"0" from a form. */
export function boolParam(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** The path with any token replaced, for records. */
export const redactPath = (path: string): string => path.replace(/^\/bot[^/]*/, '/bot<redacted>');
