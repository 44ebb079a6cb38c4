// Business hours are wall-clock times in the workspace's time zone: "09:00–18:00 in Europe/Rome" is 08:00 UTC in
// winter and 07:00 UTC in summer. Intl knows the zone's rules (DST included), so the engine asks it for the local
// date, weekday and time of `now` instead of doing offset arithmetic.
import { minutesOfDay, type BusinessHours, type Weekday } from './config';

export interface LocalTime {
  /** YYYY-MM-DD in the zone, as closed dates are written. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

// Building a DateTimeFormat costs far more than using one; a workspace uses one zone, a server a handful.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    // Throws RangeError for an unknown zone; checkBotConfig keeps those out of saved configurations.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

// Formatting a date in a zone costs microseconds, a tenth of a decision. Every UTC offset in use is a multiple of
// 15 minutes and zones change offset at a whole minute of a quarter-hour, so within one UTC quarter-hour the local
// date and offset cannot change, and local midnight falls on a quarter-hour boundary: the local time of any
// instant in a quarter-hour is that of its start plus the minutes since. One entry per zone: the current quarter.
const QUARTER_MS = 15 * 60_000;
const lastQuarter = new Map<string, { quarter: number; start: LocalTime }>();

export function localTime(timezone: string, now: Date): LocalTime {
  const ms = now.getTime();
  const quarter = Math.floor(ms / QUARTER_MS);
  let cached = lastQuarter.get(timezone);
  if (cached?.quarter !== quarter) {
    cached = { quarter, start: formatLocal(timezone, new Date(quarter * QUARTER_MS)) };
    lastQuarter.set(timezone, cached);
  }
  const { date, weekday, minutes } = cached.start;
  return { date, weekday, minutes: minutes + Math.floor((ms - quarter * QUARTER_MS) / 60_000) };
}

/** Straight from Intl, no cache. */
export function formatLocal(timezone: string, at: Date): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timezone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 'mon',
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * True when `now` falls in one of the day's ranges (from inclusive, to exclusive) in the configured zone and the
 * local date is not a closed date. A range never crosses midnight: 22:00–02:00 is written as two ranges.
 */
export function isWithinBusinessHours(hours: BusinessHours, now: Date): boolean {
  const t = localTime(hours.timezone, now);
  if (hours.closedDates.includes(t.date)) return false;
  return hours.weekly[t.weekday].some((r) => minutesOfDay(r.from) <= t.minutes && t.minutes < minutesOfDay(r.to));
}
