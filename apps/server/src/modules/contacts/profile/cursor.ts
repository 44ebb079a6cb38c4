import { invalidField } from '../../../platform/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A keyset position (an instant and an id) as an opaque cursor. */
export function encodeInstantCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** A cursor from encodeInstantCursor, or a 400 on query.cursor. */
export function decodeInstantCursor(raw: string): { at: string; id: string } {
  try {
    const parts: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === 2) {
      const [at, id] = parts as [unknown, unknown];
      if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id)) return { at, id };
    }
  } catch {
    // fall through to the 400
  }
  throw invalidField('query.cursor', 'is not a cursor from a previous page');
}
