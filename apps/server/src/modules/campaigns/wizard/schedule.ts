// A schedule is picked as a wall-clock time in a time zone and stored as the UTC instant it names.
import { invalidField } from '../../../platform/errors';
import { isTimeZone, WallClock } from '../../../platform/excel';

/** "2026-05-01T09:30" in `timezone` → the instant. A time the clocks skip (spring forward) is refused, not moved. */
export function localToUtc(local: string, timezone: string, field = 'scheduledAt'): Date {
  if (!isTimeZone(timezone)) throw invalidField('timezone', `"${timezone}" is not an IANA time zone such as Europe/Rome`);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) throw invalidField(field, 'must be a local date and time like 2026-05-01T09:30');
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw invalidField(field, `${local} is not a valid date and time`);
  }
  const clock = new WallClock(timezone);
  const offsetAt = (ms: number) => clock.local(new Date(ms)).getTime() - ms;
  // The offset at the guess may differ from the one at the answer near a change of offset: try both.
  const first = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(first);
  for (const candidate of [Math.min(first, second), Math.max(first, second)]) {
    if (clock.local(new Date(candidate)).getTime() === Math.floor(asUtc / 1000) * 1000) return new Date(candidate);
  }
  throw invalidField(field, `${local} does not exist in ${timezone} (the clocks skip it)`);
}

/** The instant as the local date-time it was picked as ("2026-05-01T09:30"). */
export function utcToLocal(at: Date, timezone: string): string {
  const zone = isTimeZone(timezone) ? timezone : 'UTC';
  return new WallClock(zone).local(at).toISOString().slice(0, 16);
}

/** Today's date (YYYY-MM-DD) at `at` in `timezone`. */
export function localDate(at: Date, timezone: string): string {
  return utcToLocal(at, timezone).slice(0, 10);
}
