// What a sheet to write looks like, shared by the XLSX and CSV writers.
import type { Writable } from 'node:stream';
import { once, type EventEmitter } from 'node:events';

export type ColumnType = 'text' | 'number' | 'date' | 'boolean';

export interface SheetColumn {
  header: string;
  type: ColumnType;
  /** Character width in Excel; a default per type when absent. */
  width?: number;
  /**
   * date columns: the IANA zone the instants are shown in (the viewer's). A value given as a "YYYY-MM-DD" string
   * is a calendar date and is written as it is, in any zone.
   */
  timezone?: string;
  /** date columns: show the date only (no time of day). */
  dateOnly?: boolean;
}

/** One cell as the caller gives it: null or undefined leave the cell empty. */
export type CellInput = string | number | boolean | Date | null | undefined;

export interface SheetSpec {
  /** The worksheet's name (cut to Excel's 31 characters; []:*?/\ replaced). */
  name: string;
  columns: readonly SheetColumn[];
  /** The rows, each aligned with `columns`; pulled one at a time, so they may come from a database cursor. */
  rows: AsyncIterable<readonly CellInput[]> | Iterable<readonly CellInput[]>;
}

export interface WriteResult {
  rows: number;
}

/** Excel's rules for a sheet name. */
export function sheetName(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet1';
  return clean.slice(0, 31);
}

/** Wait while a slow reader (an HTTP client) has not taken what we wrote: memory stays flat whatever its speed. */
export async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await firstEvent([out, 'drain'], [out, 'close']);
  if (out.destroyed) throw new Error('the output stream was closed before the file was complete');
}

/** The first of these events to fire; the listeners of the others are removed (no build-up over a long file). */
export async function firstEvent(...events: Array<[EventEmitter, string]>): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race(events.map(([emitter, name]) => once(emitter, name, { signal: stop.signal })));
  } finally {
    stop.abort();
  }
}

export const isCalendarDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
