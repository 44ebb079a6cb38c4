/**
 * Validation primitives shared by the send validators. They throw a `Rejection` carrying the Graph code
 * and a Meta-style `details` string naming the field (`interactive['action']['buttons'][0]['reply']['title']`),
 * so a failing test points straight at the offending field.
 *
 * Code policy (brief + §6.4): 131008 when a required field is absent or empty, 131009 when a value is out of
 * range or malformed, 100 when a key is not a parameter of that object or has the wrong JSON type,
 * 131051 for an unknown message type.
 */
export class Rejection extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`(#${code}) ${details}`);
  }
}

export type Obj = Record<string, unknown>;

export function reject(code: number, details: string): never {
  throw new Rejection(code, details);
}

/** `text` + `body` → `text['body']`; numbers index arrays: `buttons[0]`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}['${key}']` : key;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Length as WhatsApp users see it: Unicode code points, so one emoji is one character. Counting UTF-16
 * units instead would reject a 20-character button title containing emoji that Meta accepts.
 */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Unknown keys are rejected like Graph does ("Unexpected key … on param …"), catching typos such as `bodyText`. */
export function onlyKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) reject(100, `Unexpected key "${k}" on param ${path || 'the request'}.`);
  }
}

export function requireObj(parent: Obj, key: string, path: string): Obj {
  const v = parent[key];
  const p = at(path, key);
  if (v === undefined || v === null) reject(131008, `The parameter ${p} is required.`);
  if (!isObj(v)) reject(100, `Param ${p} must be a JSON object.`);
  return v;
}

export function optionalObj(parent: Obj, key: string, path: string): Obj | undefined {
  if (parent[key] === undefined) return undefined;
  return requireObj(parent, key, path);
}

export function requireArray(parent: Obj, key: string, path: string): unknown[] {
  const v = parent[key];
  const p = at(path, key);
  if (v === undefined || v === null) reject(131008, `The parameter ${p} is required.`);
  if (!Array.isArray(v)) reject(100, `Param ${p} must be an array.`);
  return v;
}

export function elementObj(v: unknown, path: string): Obj {
  if (!isObj(v)) reject(100, `Param ${path} must be a JSON object.`);
  return v;
}

export interface StringRule {
  min?: number;
  max?: number;
  /** Limit in UTF-8 bytes rather than characters (biz_opaque_callback_data). */
  maxBytes?: number;
}

/** A required string; empty counts as missing (Graph treats `""` like an absent parameter). */
export function requireString(parent: Obj, key: string, path: string, rule: StringRule = {}): string {
  const v = parent[key];
  const p = at(path, key);
  if (v === undefined || v === null || v === '') reject(131008, `The parameter ${p} is required.`);
  return checkString(v, p, rule);
}

export function optionalString(parent: Obj, key: string, path: string, rule: StringRule = {}): string | undefined {
  const v = parent[key];
  if (v === undefined) return undefined;
  return checkString(v, at(path, key), rule);
}

function checkString(v: unknown, p: string, rule: StringRule): string {
  if (typeof v !== 'string') reject(100, `Param ${p} must be a string.`);
  const len = charLength(v);
  if (rule.min !== undefined && len < rule.min) reject(131009, `Param ${p} is too short. Min length: ${rule.min}, got ${len}.`);
  if (rule.max !== undefined && len > rule.max) reject(131009, `Param ${p} is too long. Max length: ${rule.max}, got ${len}.`);
  if (rule.maxBytes !== undefined) {
    const bytes = Buffer.byteLength(v, 'utf8');
    if (bytes > rule.maxBytes) reject(131009, `Param ${p} is too long. Max length: ${rule.maxBytes} bytes, got ${bytes}.`);
  }
  return v;
}

export function optionalBoolean(parent: Obj, key: string, path: string): boolean | undefined {
  const v = parent[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') reject(100, `Param ${at(path, key)} must be a boolean.`);
  return v;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], path: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    reject(131009, `Param ${path} must be one of {${allowed.join(', ')}} - got "${value}".`);
  }
  return value as T;
}

/** Coordinates and amounts: Graph accepts JSON numbers and numeric strings alike. */
export function requireNumber(parent: Obj, key: string, path: string, range?: { min: number; max: number }): number {
  const v = parent[key];
  const p = at(path, key);
  if (v === undefined || v === null || v === '') reject(131008, `The parameter ${p} is required.`);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) reject(100, `Param ${p} must be a number.`);
  if (range && (n < range.min || n > range.max)) reject(131009, `Param ${p} must be between ${range.min} and ${range.max}, got ${n}.`);
  return n;
}
