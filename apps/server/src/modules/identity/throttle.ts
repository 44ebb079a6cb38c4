import { and, gt, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { loginThrottle } from './tables';

/**
 * Login throttling that stops guessing without locking the real user out (ASVS 6.1.1, 6.3.1).
 * Failures count per IP, per account and per trusted device in fixed windows kept in PostgreSQL, so every
 * node sees the same counts. An attempt from a device that already signed in to this account is judged
 * only by that device's own counter: an attacker flooding the account from elsewhere cannot lock it.
 */
export interface AttemptKeys {
  ip: string;
  email: string;
  /** Present when the browser carries a device cookie that signed in to this account before. */
  trustedDevice?: string;
}

function limits(deps: Deps, keys: AttemptKeys): Array<[string, number]> {
  const l = deps.config.login;
  if (keys.trustedDevice) return [[`device:${keys.trustedDevice}`, l.maxPerDevice]];
  return [
    [`ip:${keys.ip}`, l.maxPerIp],
    [`account:${keys.email}`, l.maxPerAccount],
  ];
}

const windowMs = (deps: Deps) => deps.config.login.windowMinutes * 60_000;

/** Throws 429 with Retry-After when any applicable counter is full. */
export async function assertNotThrottled(deps: Deps, keys: AttemptKeys): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - windowMs(deps));
  const applicable = limits(deps, keys);
  const rows = await deps.db
    .select()
    .from(loginThrottle)
    .where(
      and(
        inArray(
          loginThrottle.key,
          applicable.map(([k]) => k),
        ),
        gt(loginThrottle.windowStart, since),
      ),
    );
  let retryAfterMs = 0;
  for (const row of rows) {
    const max = applicable.find(([k]) => k === row.key)?.[1] ?? Infinity;
    if (row.failures >= max) retryAfterMs = Math.max(retryAfterMs, row.windowStart.getTime() + windowMs(deps) - now.getTime());
  }
  if (retryAfterMs > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new AppError('rate_limited', `Too many failed sign-in attempts; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

/** Count a failure against every applicable key: one atomic upsert each, never read-then-write. */
export async function recordFailure(deps: Deps, keys: AttemptKeys): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - windowMs(deps));
  const all = [`ip:${keys.ip}`, `account:${keys.email}`, ...(keys.trustedDevice ? [`device:${keys.trustedDevice}`] : [])];
  for (const key of all) {
    await deps.db
      .insert(loginThrottle)
      .values({ key, windowStart: now, failures: 1 })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`case when ${loginThrottle.windowStart} <= ${since} then 1 else ${loginThrottle.failures} + 1 end`,
          windowStart: sql`case when ${loginThrottle.windowStart} <= ${since} then ${now} else ${loginThrottle.windowStart} end`,
        },
      });
  }
}

/** A success clears the device's own counter (not the IP's or account's: an attacker could reset those). */
export async function recordSuccess(deps: Deps, keys: AttemptKeys): Promise<void> {
  if (!keys.trustedDevice) return;
  await deps.db.delete(loginThrottle).where(inArray(loginThrottle.key, [`device:${keys.trustedDevice}`]));
}
