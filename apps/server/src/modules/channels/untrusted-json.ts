// Defensive readers for untrusted JSON, shared by every provider's wire layer. Provider bodies come from the
// network: every read checks its type, and only OWN properties count, so a key such as "constructor" or
// "__proto__" never resolves to something inherited from Object.prototype.

export type JsonRecord = Record<string, unknown>;

export const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The own property `key` of `obj`, or undefined (never an inherited one). */
export function own(obj: unknown, key: string): unknown {
  return isRecord(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export const ownRecord = (obj: unknown, key: string): JsonRecord | undefined => {
  const v = own(obj, key);
  return isRecord(v) ? v : undefined;
};

export const ownArray = (obj: unknown, key: string): unknown[] | undefined => {
  const v = own(obj, key);
  return Array.isArray(v) ? v : undefined;
};

// Lone surrogates survive JSON.parse ("\ud83d" alone) but are not valid Unicode: PostgreSQL and UTF-8
// encoders would reject or mangle them. NUL is valid JSON ("\u0000") but PostgreSQL text cannot hold it.
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Make a string safe to store: drop NUL, replace lone surrogates with U+FFFD. */
export const clean = (s: string): string => s.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');

const MAX_PROBLEMS = 100;

/** Collects problem notes, capped: a hostile payload with a million bad entries must not yield a million strings. */
export class Problems {
  readonly list: string[] = [];
  private dropped = 0;

  add(note: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(note);
    else this.dropped++;
  }

  done(): string[] {
    if (this.dropped > 0) this.list.push(`… and ${this.dropped} more problems`);
    return this.list;
  }
}
