// Field checks for outbound builders. Every problem is collected (not just the first) and named by the
// caller's field path, e.g. `buttons[1].title`, so an API client can fix all of them in one round trip.
import { AppError, type FieldIssue } from '../../../../platform/errors';

/** WhatsApp counts characters, not UTF-16 units: an emoji is one character. */
export const charCount = (s: string): number => [...s].length;

export interface TextRule {
  max: number;
  /** Default true. */
  required?: boolean;
  /** Reject leading/trailing spaces (reply-button ids). */
  noEdgeSpaces?: boolean;
}

export class Issues {
  readonly list: FieldIssue[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  /**
   * Check an optional-or-required string of 1..max characters. Returns the value when it is a usable
   * string (even if over-long, so later checks such as uniqueness still see it), otherwise undefined.
   */
  text(field: string, value: unknown, rule: TextRule): string | undefined {
    if (value === undefined || value === null) {
      if (rule.required !== false) this.add(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(field, 'must be a string');
      return undefined;
    }
    const n = charCount(value);
    if (n === 0 || value.trim() === '') this.add(field, n === 0 ? 'must not be empty' : 'must not be blank');
    else if (n > rule.max) this.add(field, `must be at most ${rule.max} characters`);
    if (rule.noEdgeSpaces && n > 0 && value !== value.trim()) this.add(field, 'must not have leading or trailing spaces');
    return value;
  }

  /** Throw the collected issues as one validation error. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const message = this.list.map((i) => `${i.field}: ${i.message}`).join('; ');
    throw new AppError('validation_failed', message, { issues: this.list });
  }
}

/** A public HTTPS URL string, as Meta requires for `link` media. */
export function checkHttpsLink(issues: Issues, field: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') {
    issues.add(field, 'must be a non-empty string');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.add(field, 'must be a valid URL');
    return undefined;
  }
  if (url.protocol !== 'https:') issues.add(field, 'must be an https URL');
  if (url.username || url.password) issues.add(field, 'must not contain credentials');
  return value;
}

/** `prefix.name`, or just `name` at the top level. */
export const path = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name);

/** Exactly one of a media `id` (uploaded) or an https `link`. `prefix` is '' for top-level fields. */
export function checkMediaSource(
  issues: Issues,
  prefix: string,
  src: { id?: unknown; link?: unknown },
): { id: string } | { link: string } | undefined {
  const hasId = src.id !== undefined && src.id !== null;
  const hasLink = src.link !== undefined && src.link !== null;
  if (hasId === hasLink) {
    issues.add(prefix || 'id', 'exactly one of id or link is required');
    return undefined;
  }
  if (hasId) {
    // Media ids are numeric today; the looser pattern still keeps '/', '?', '#' out of Graph URLs.
    if (typeof src.id !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(src.id)) {
      issues.add(path(prefix, 'id'), 'must be a media id');
      return undefined;
    }
    return { id: src.id };
  }
  const link = checkHttpsLink(issues, path(prefix, 'link'), src.link);
  return link === undefined ? undefined : { link };
}
