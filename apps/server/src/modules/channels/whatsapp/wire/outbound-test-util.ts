// Test helpers for the outbound builders.
import { expect } from 'vitest';
import { AppError, type FieldIssue } from '../../../../platform/errors';

/** The issues a builder call throws; fails the test when it does not throw a validation error. */
export function issuesOf(fn: () => unknown): FieldIssue[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('validation_failed');
    expect(e.message).toContain(e.details.issues?.[0]?.field ?? '');
    return e.details.issues ?? [];
  }
  throw new Error('expected a validation error');
}

/** Assert that exactly the field `field` is rejected, with a message matching `message`. */
export function expectRejected(fn: () => unknown, field: string, message: RegExp | string = /./): void {
  const issues = issuesOf(fn);
  expect(issues.map((i) => i.field)).toEqual([field]);
  expect(issues[0]!.message).toMatch(message);
}

/** A string of `n` characters; with an emoji, each character is two UTF-16 units. */
export const chars = (n: number, ch = 'a'): string => ch.repeat(n);
