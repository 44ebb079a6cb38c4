// Cell values on their way out: what Excel may not receive as-is (formula starters, over-long text), and
// instants turned into the wall-clock time of a time zone (Excel dates have no zone).

/** Excel refuses text longer than this in a cell. */
export const EXCEL_MAX_CELL_CHARS = 32_767;
export const TRUNCATION_MARKER = '…[truncated]';

// A phone number ("+1 555 010-9999") or a negative number ("-12.5") cannot hold a function call or a DDE payload,
// so it is left alone; anything else that starts like a formula is prefixed with an apostrophe, the mark
// spreadsheets themselves use for "this is text".
const FORMULA_START = /^[=+\-@\t\r\n]/;
const PHONE_OR_NEGATIVE = /^(\+[\d\s().-]*\d[\d\s().-]*|-\d+([.,]\d+)?)$/;

/** Text safe to put in a spreadsheet cell or a CSV field: no formula can run, no cell over Excel's limit. */
export function safeText(value: string): string {
  let text = value;
  if (FORMULA_START.test(text) && !PHONE_OR_NEGATIVE.test(text)) text = `'${text}`;
  if (text.length > EXCEL_MAX_CELL_CHARS) text = text.slice(0, EXCEL_MAX_CELL_CHARS - TRUNCATION_MARKER.length) + TRUNCATION_MARKER;
  return text;
}

const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;

/**
 * Converts instants to the wall-clock time of one IANA zone, as a Date whose UTC fields hold that local time
 * (what a spreadsheet cell stores). Intl is slow (microseconds a call; a 100,000-row export has 300,000 dates), so
 * offsets are cached per UTC day when the day starts and ends on the same offset (zones change offset at most
 * once a day), else per quarter hour (every zone's transitions fall on one).
 */
export class WallClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new Map<number, number | null>();
  private readonly quarters = new Map<number, number>();

  constructor(readonly timezone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** The local time of `at` in this zone, carried in the UTC fields of the result. */
  local(at: Date): Date {
    const ms = at.getTime();
    return new Date(ms + this.offset(ms));
  }

  /** "2026-03-29 14:05" in this zone. */
  text(at: Date): string {
    return this.local(at).toISOString().slice(0, 16).replace('T', ' ');
  }

  private offset(ms: number): number {
    const day = Math.floor(ms / DAY);
    let whole = this.days.get(day);
    if (whole === undefined) {
      const start = this.offsetAt(day * DAY);
      whole = start === this.offsetAt((day + 1) * DAY - 1000) ? start : null;
      if (this.days.size > 100_000) this.days.clear();
      this.days.set(day, whole);
    }
    if (whole !== null) return whole;
    const quarter = Math.floor(ms / QUARTER_HOUR);
    let offset = this.quarters.get(quarter);
    if (offset === undefined) {
      offset = this.offsetAt(quarter * QUARTER_HOUR);
      if (this.quarters.size > 100_000) this.quarters.clear();
      this.quarters.set(quarter, offset);
    }
    return offset;
  }

  private offsetAt(ms: number): number {
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return asUtc - Math.floor(ms / 1000) * 1000;
  }
}

/** Whether Intl knows this IANA zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
