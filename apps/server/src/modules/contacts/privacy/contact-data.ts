// What every module that keeps data about a contact gives the privacy code: how to move it to another contact
// (merge), erase it (GDPR, retention), prune old message content (retention) and list it (GDPR export). Modules
// that import contacts cannot be imported by it (no cycles), so their holders are gathered at the composition root
// (src/contact-data.ts) and handed to the privacy routes and jobs.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ColumnType } from '../../../platform/excel';
import type { Db } from '../../../platform/db';

/** What an erasure is about: the contacts, then every id that points at them, added by each holder's `collect`. */
export interface ErasureScope {
  workspaceId: string;
  now: Date;
  contactIds: string[];
  /** Channel identities: (channel, key) such as wa:5511…, web:<visitor>, tg:<chat>. */
  identities: Array<{ channelId: string; key: string }>;
  /** E.164 phones and lower-case emails the contacts had: searched for in raw payloads that carry no ids. */
  phones: string[];
  emails: string[];
  conversationIds: string[];
  messageIds: string[];
  /** wamids and other provider ids of the contacts' messages (status events carry only these). */
  providerMessageIds: string[];
  media: Array<{ channelId: string; mediaId: string }>;
  /** Other ids a queued job's payload may carry (inbound events, campaign recipients). */
  jobRefs: string[];
}

export type ErasureCounts = Record<string, number>;

export interface MergeMove {
  workspaceId: string;
  /** The contact merged away (deleted at the end of the merge). */
  fromId: string;
  /** The contact that survives. */
  toId: string;
  now: Date;
}

export interface ExportColumn {
  key: string;
  header: string;
  type: ColumnType;
}

/** One part of a GDPR export archive. */
export type ExportSection =
  /** Rows, written as `<name>.json` and `<name>.xlsx`; `rows` is called once per file. */
  | { kind: 'table'; name: string; columns: readonly ExportColumn[]; rows: () => AsyncIterable<Record<string, unknown>> }
  /** Binary files under `<folder>/`. */
  | { kind: 'files'; folder: string; files: () => AsyncIterable<{ name: string; bytes: Buffer }> };

export interface ExportContext {
  workspaceId: string;
  contactId: string;
  /** Media the contact's messages refer to, added by the conversations holder for the channels holder. */
  media: Array<{ channelId: string; mediaId: string; messageId: string; type: string }>;
}

export interface ContactDataHolder {
  readonly name: string;
  /** Merge: move what this module keeps about `fromId` onto `toId`; throw a 409 AppError to refuse. In the merge's transaction. */
  moveContact?(tx: Db, move: MergeMove): Promise<void>;
  /** Erasure, step 1 (before anything is deleted): add the ids this module's rows give to the scope. */
  collect?(tx: Db, scope: ErasureScope): Promise<void>;
  /** Erasure, step 2: delete (or anonymise, keeping aggregates) this module's rows about the scope. */
  erase?(tx: Db, scope: ErasureScope): Promise<ErasureCounts>;
  /**
   * Retention: delete message content older than `cutoff` in the workspace, at most about `limit` rows per table
   * per call (the caller calls again while anything was deleted).
   */
  pruneMessages?(tx: Db, p: { workspaceId: string; cutoff: Date; limit: number }): Promise<ErasureCounts>;
  /** GDPR export: what this module holds about the contact. */
  exportSections?(db: Db, x: ExportContext): Promise<ExportSection[]>;
}

/** A PostgreSQL array literal, passed as ONE parameter (a 10,000-message erasure would overflow a parameter list). */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;
}

/** `column = any(ids)` for uuid columns; false when the list is empty. */
export function inUuids(column: AnyPgColumn | SQL, ids: readonly string[]): SQL {
  return ids.length === 0 ? sql`false` : sql`${column} = any(${pgArray(ids)}::uuid[])`;
}

/** `column = any(values)` for text columns; false when the list is empty. */
export function inTexts(column: AnyPgColumn | SQL, values: readonly string[]): SQL {
  return values.length === 0 ? sql`false` : sql`${column} = any(${pgArray(values)}::text[])`;
}

/**
 * Whether a text (or jsonb as text) contains any of the needles, case-insensitively. For raw payloads that carry no
 * ids (webhook bodies, job outputs); needles are phone digits and emails, long enough not to match by chance.
 */
export function containsAny(text: SQL, needles: readonly string[]): SQL {
  if (needles.length === 0) return sql`false`;
  return sql`exists (select 1 from unnest(${pgArray(needles.map((n) => n.toLowerCase()))}::text[]) as n(v) where strpos(lower(${text}), n.v) > 0)`;
}

/** The needles raw payloads are searched for: phone digits (every form the identities hold) and emails. */
export function rawNeedles(scope: Pick<ErasureScope, 'phones' | 'emails' | 'identities'>): string[] {
  const digits = new Set<string>();
  for (const p of scope.phones) digits.add(p.replace(/\D/g, ''));
  for (const i of scope.identities) if (i.key.startsWith('wa:')) digits.add(i.key.slice(3).replace(/\D/g, ''));
  // Shorter digit strings would match unrelated numbers (amounts, ids).
  const phones = [...digits].filter((d) => d.length >= 7);
  return [...new Set([...phones, ...scope.emails.map((e) => e.toLowerCase()).filter((e) => e.length >= 5)])];
}

/** Add to a list without repeats (scopes grow through several holders). */
export function addAll(list: string[], more: Iterable<string | null | undefined>): void {
  const seen = new Set(list);
  for (const v of more) {
    if (!v || seen.has(v)) continue;
    seen.add(v);
    list.push(v);
  }
}
