// Export of a filtered contacts list to .xlsx or .csv, streamed: keyset pages of contacts and their attribute
// values go out as they are read, so memory stays flat for any number of contacts.
import type { ContactSelection, ContactSortKey } from '@parley/contracts';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import type { Db } from '../../platform/db';
import { writeCsv, writeXlsx, type CellInput, type SheetColumn, type WriteResult } from '../../platform/excel';
import { afterCursor, keysetOrder, sortValueText, type Cursor, type Keyset } from './contact-pages';
import { selectionWhere } from './contact-selection';
import { attributeDefinitions, contactAttributeValues, contacts } from './tables';

// A page lives while the one before it is written (the next read overlaps), long enough for V8 to promote it: at
// 1,000 rows the promoted garbage took a 100,000-row export's peak RSS from ~160 to ~255 MiB, at 500 to ~205.
const PAGE = 500;

// Only what the file shows: the wide columns (search text, referral details) would double the bytes read. The
// rows are read raw (by column name, dates as the driver gives them): drizzle's mapping of 30 fields was a fifth of
// a 100,000-row export's CPU (bench/README.md, "Contacts on PostgreSQL").
const exportFields = {
  id: contacts.id,
  first_name: contacts.firstName,
  last_name: contacts.lastName,
  channel_name: contacts.channelName,
  phone: contacts.phone,
  email: contacts.email,
  status: contacts.status,
  source: contacts.source,
  tags: contacts.tags,
  gender: contacts.gender,
  language: contacts.language,
  timezone: contacts.timezone,
  location: contacts.location,
  country: contacts.country,
  device: contacts.device,
  is_group: contacts.isGroup,
  opted_out_marketing: contacts.optedOutMarketing,
  created_at: contacts.createdAt,
  last_active_at: contacts.lastActiveAt,
  last_message_at: contacts.lastMessageAt,
  last_message_preview: contacts.lastMessagePreview,
  messages_from_customer: contacts.messagesFromCustomer,
  template_messages: contacts.templateMessages,
  session_messages: contacts.sessionMessages,
  unresolved_queries: contacts.unresolvedQueries,
  sessions_count: contacts.sessionsCount,
  clicks: contacts.clicks,
  time_spent_seconds: contacts.timeSpentSeconds,
  sentiment_sum: contacts.sentimentSum,
  sentiment_count: contacts.sentimentCount,
  live_chat_takeover: contacts.liveChatTakeover,
  ad_id: sql<string | null>`case when ${contacts.source} = 'ad' then ${contacts.referral}->>'sourceId' end`.as('ad_id'),
};

type Contact = typeof contacts.$inferSelect;
/** A raw row: dates are Dates (PGlite) or the driver's text (node-postgres as drizzle configures it). */
type Row = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  channel_name: string | null;
  phone: string | null;
  email: string | null;
  status: Contact['status'];
  source: Contact['source'];
  tags: string[];
  gender: string | null;
  language: string | null;
  timezone: string | null;
  location: string | null;
  country: string | null;
  device: string | null;
  is_group: boolean;
  opted_out_marketing: boolean;
  created_at: RawDate;
  last_active_at: RawDate | null;
  last_message_at: RawDate | null;
  last_message_preview: string | null;
  messages_from_customer: number;
  template_messages: number;
  session_messages: number;
  unresolved_queries: number;
  sessions_count: number;
  clicks: number;
  time_spent_seconds: number;
  sentiment_sum: number;
  sentiment_count: number;
  live_chat_takeover: boolean;
  ad_id: string | null;
  sort_value: string;
};
type RawDate = Date | string;
type Definition = typeof attributeDefinitions.$inferSelect;
// What an attribute cell needs, read raw like the contacts (drizzle's mapping of 280,000 value rows cost a second).
type Value = {
  contact_id: string;
  key: string;
  value_text: string | null;
  value_number: number | null;
  value_date: string | null;
  value_bool: boolean | null;
};

export interface ExportRequest {
  workspaceId: string;
  selection: ContactSelection;
  sort: ContactSortKey;
  order: 'asc' | 'desc';
  /** The viewer's time zone: every date and time is shown in it. */
  timezone: string;
  now: Date;
}

export interface PreparedExport {
  /** Write the file to `out` (ends it). */
  write(out: Writable, format: 'xlsx' | 'csv'): Promise<WriteResult>;
}

/**
 * Check the request (a bad filter is a 400 here, before any byte is sent) and return the writer. Columns: the
 * standard fields, tags, source, statistics, then one per custom attribute (by label), then Parley's id.
 */
export async function prepareContactExport(db: Db, req: ExportRequest): Promise<PreparedExport> {
  const where = await selectionWhere(db, req.workspaceId, req.selection, req.now);
  const definitions = await db
    .select()
    .from(attributeDefinitions)
    .where(eq(attributeDefinitions.workspaceId, req.workspaceId))
    .orderBy(asc(attributeDefinitions.label), asc(attributeDefinitions.key));
  const columns = exportColumns(definitions, req.timezone);

  async function* rows(): AsyncGenerator<CellInput[]> {
    for await (const page of exportPages(db, where, { sort: req.sort, order: req.order })) {
      const values = definitions.length ? await attributeValues(db, req.workspaceId, page) : undefined;
      for (const c of page) yield rowOf(c, definitions, values?.get(c.id));
    }
  }

  return {
    write: (out, format) =>
      format === 'xlsx' ? writeXlsx(out, { name: 'Contacts', columns, rows: rows() }) : writeCsv(out, { columns, rows: rows() }),
  };
}

/**
 * Every matching contact in keyset pages. The next page is already being read while this one is written (the
 * database works while Node formats), and no transaction stays open between pages.
 */
async function* exportPages(db: Db, where: SQL, k: Keyset): AsyncGenerator<Row[]> {
  const read = (after: Cursor | undefined) =>
    db
      .execute(
        db
          .select({ ...exportFields, sort_value: sql`${sortValueText(k)}`.as('sort_value') })
          .from(contacts)
          .where(after ? and(where, afterCursor(k, after)) : where)
          .orderBy(...keysetOrder(k))
          .limit(PAGE)
          .getSQL(),
      )
      // Both drivers answer { rows }; drizzle types a raw statement's result loosely.
      .then((result) => (result as unknown as { rows: Row[] }).rows);
  let next = read(undefined);
  try {
    for (;;) {
      const page = await next;
      const last = page.at(-1);
      if (!last) return;
      if (page.length === PAGE) next = read({ value: last.sort_value, id: last.id });
      yield page;
      if (page.length < PAGE) return;
    }
  } finally {
    // Left early (the client went away): a read still in flight must not become an unhandled rejection.
    next.catch(() => undefined);
  }
}

const standardColumns = (timezone: string): SheetColumn[] => [
  { header: 'First name', type: 'text' },
  { header: 'Last name', type: 'text' },
  { header: 'Channel name', type: 'text' },
  { header: 'Phone', type: 'text', width: 18 },
  { header: 'Email', type: 'text', width: 28 },
  { header: 'Status', type: 'text', width: 10 },
  { header: 'Source', type: 'text', width: 16 },
  { header: 'Tags', type: 'text', width: 28 },
  { header: 'Gender', type: 'text', width: 10 },
  { header: 'Language', type: 'text', width: 10 },
  { header: 'Time zone', type: 'text', width: 20 },
  { header: 'Location', type: 'text' },
  { header: 'Country', type: 'text', width: 8 },
  { header: 'Device', type: 'text', width: 14 },
  { header: 'Group', type: 'boolean' },
  { header: 'Opted out', type: 'boolean' },
  { header: 'Created', type: 'date', timezone },
  { header: 'Last active', type: 'date', timezone },
  { header: 'Last message at', type: 'date', timezone },
  { header: 'Last message', type: 'text', width: 40 },
  { header: 'Messages from customer', type: 'number' },
  { header: 'Template messages', type: 'number' },
  { header: 'Session messages', type: 'number' },
  { header: 'Unresolved queries', type: 'number' },
  { header: 'Sessions', type: 'number' },
  { header: 'Clicks', type: 'number' },
  { header: 'Time spent (s)', type: 'number' },
  { header: 'Average sentiment', type: 'number' },
  { header: 'Live-chat takeover', type: 'boolean' },
  { header: 'Ad id', type: 'text', width: 16 },
];

function exportColumns(definitions: Definition[], timezone: string): SheetColumn[] {
  const columns = standardColumns(timezone);
  const taken = new Set(columns.map((c) => c.header.toLowerCase()));
  for (const d of definitions) {
    // A label may repeat a standard header ("Email"): the key tells them apart.
    const header = taken.has(d.label.toLowerCase()) ? `${d.label} (${d.key})` : d.label;
    taken.add(header.toLowerCase());
    const type: SheetColumn['type'] =
      d.type === 'number' ? 'number' : d.type === 'boolean' ? 'boolean' : d.type === 'date' ? 'date' : 'text';
    columns.push({ header, type, ...(d.type === 'date' ? { dateOnly: true, timezone } : {}) });
  }
  columns.push({ header: 'Parley ID', type: 'text', width: 38 });
  return columns;
}

function rowOf(c: Row, definitions: Definition[], values: Map<string, Value> | undefined): CellInput[] {
  const standard: CellInput[] = [
    c.first_name,
    c.last_name,
    c.channel_name,
    c.phone,
    c.email,
    c.status,
    c.source,
    c.tags.join(', '),
    c.gender,
    c.language,
    c.timezone,
    c.location,
    c.country,
    c.device,
    c.is_group,
    c.opted_out_marketing,
    date(c.created_at),
    date(c.last_active_at),
    date(c.last_message_at),
    c.last_message_preview,
    c.messages_from_customer,
    c.template_messages,
    c.session_messages,
    c.unresolved_queries,
    c.sessions_count,
    c.clicks,
    c.time_spent_seconds,
    c.sentiment_count ? Math.round((c.sentiment_sum / c.sentiment_count) * 100) / 100 : null,
    c.live_chat_takeover,
    c.ad_id,
  ];
  const custom = definitions.map((d) => {
    const v = values?.get(d.key);
    if (!v) return null;
    return d.type === 'number' ? v.value_number : d.type === 'boolean' ? v.value_bool : d.type === 'date' ? v.value_date : v.value_text;
  });
  return [...standard, ...custom, c.id];
}

/** A timestamp as either driver gives it ("2026-01-15 13:30:00.123+00" from node-postgres). */
const date = (v: RawDate | null): Date | null => (v === null || v instanceof Date ? v : new Date(v));

async function attributeValues(db: Db, workspaceId: string, page: Row[]): Promise<Map<string, Map<string, Value>>> {
  const result = await db.execute(sql`select ${contactAttributeValues.contactId} as contact_id, ${contactAttributeValues.key} as key,
      ${contactAttributeValues.valueText} as value_text, ${contactAttributeValues.valueNumber} as value_number,
      ${contactAttributeValues.valueDate}::text as value_date, ${contactAttributeValues.valueBool} as value_bool
    from ${contactAttributeValues}
    where ${contactAttributeValues.workspaceId} = ${workspaceId}
      -- One array parameter: drizzle builds a thousand separate ones slowly.
      and ${contactAttributeValues.contactId} = any(${sql.param(page.map((c) => c.id))}::uuid[])`);
  const byContact = new Map<string, Map<string, Value>>();
  for (const v of (result as unknown as { rows: Value[] }).rows) {
    let m = byContact.get(v.contact_id);
    if (!m) byContact.set(v.contact_id, (m = new Map()));
    m.set(v.key, v);
  }
  return byContact;
}
