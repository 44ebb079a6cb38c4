import type { DateFormat } from '@parley/contracts';

/**
 * Every date a person sees is shown in their profile time zone and date format, never the browser's.
 * These helpers take those preferences explicitly so they stay pure and easy to test.
 */
export interface TimePrefs {
  timezone: string;
  dateFormat: DateFormat;
}

const FALLBACK_ZONE = 'UTC';

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A zone the runtime accepts: a bad profile value must not crash every screen that shows a date. */
export function safeTimeZone(zone: string): string {
  return isValidTimeZone(zone) ? zone : FALLBACK_ZONE;
}

/**
 * Browsers list ICU's canonical ids, some of which are names IANA has since replaced (Asia/Calcutta for
 * Asia/Kolkata). People search for the current name, so the list shows it wherever the runtime accepts it.
 */
const CURRENT_NAMES: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

let zoneList: string[] | undefined;

/** All IANA zones the browser knows, by current name, sorted, always including UTC (some engines omit it). */
export function listTimeZones(): string[] {
  if (!zoneList) {
    const zones = new Set<string>();
    // Older browsers lack supportedValuesOf; they still get UTC plus whatever zone a person already has.
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    for (const zone of known) {
      const current = CURRENT_NAMES[zone];
      zones.add(current && isValidTimeZone(current) ? current : zone);
    }
    zones.add(FALLBACK_ZONE);
    zoneList = [...zones].sort((a, b) => a.localeCompare(b));
  }
  return zoneList;
}

// Building an Intl.DateTimeFormat is costly and tables format hundreds of dates: keep one per zone.
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // h23, not hour12:false, which renders midnight as "24" in some engines.
      hourCycle: 'h23',
      numberingSystem: 'latn',
    });
    partsFormatters.set(zone, formatter);
  }
  return formatter;
}

interface DateParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function toDate(value: Date | string): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function dateParts(date: Date, zone: string): DateParts {
  const parts: DateParts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const part of partsFormatter(safeTimeZone(zone)).formatToParts(date)) {
    if (part.type in parts) parts[part.type as keyof DateParts] = part.value;
  }
  return parts;
}

function applyDateFormat(parts: DateParts, format: DateFormat): string {
  return format.replace('YYYY', parts.year).replace('MM', parts.month).replace('DD', parts.day);
}

/** "21/11/2025" for DD/MM/YYYY. An unparseable value is returned as is rather than hidden. */
export function formatDate(value: Date | string, prefs: TimePrefs): string {
  const date = toDate(value);
  if (!date) return String(value);
  return applyDateFormat(dateParts(date, prefs.timezone), prefs.dateFormat);
}

/** "14:05", or "14:05:09" with seconds; 24-hour clock. */
export function formatTime(value: Date | string, prefs: TimePrefs, options: { seconds?: boolean } = {}): string {
  const date = toDate(value);
  if (!date) return String(value);
  const parts = dateParts(date, prefs.timezone);
  const time = `${parts.hour}:${parts.minute}`;
  return options.seconds ? `${time}:${parts.second}` : time;
}

/** "21/11/2025 14:05". */
export function formatDateTime(value: Date | string, prefs: TimePrefs, options: { seconds?: boolean } = {}): string {
  const date = toDate(value);
  if (!date) return String(value);
  return `${formatDate(date, prefs)} ${formatTime(date, prefs, options)}`;
}

/** The zone's offset at that instant, e.g. "GMT+9", so people can tell zones apart at a glance. */
export function zoneOffsetName(value: Date, zone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: safeTimeZone(zone), timeZoneName: 'shortOffset' })
    .formatToParts(value)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}
