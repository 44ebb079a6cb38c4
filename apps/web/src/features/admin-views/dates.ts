/**
 * The instant a calendar day starts in an IANA zone ("2026-03-01" in America/Sao_Paulo → 2026-03-01T03:00:00Z), so
 * the history's date range means the viewer's days, not UTC's. Two passes settle a day that starts on a DST change.
 */
export function zonedDayStart(day: string, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(wall)) return null;
  let at = wall - offsetMs(wall, zone);
  at = wall - offsetMs(at, zone);
  return new Date(at).toISOString();
}

/** The day after (for an inclusive "to" day, sent as the exclusive start of the next). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function offsetMs(at: number, zone: string): number {
  const parts: Record<string, number> = {};
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const p of f.formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(at / 1000) * 1000;
}
