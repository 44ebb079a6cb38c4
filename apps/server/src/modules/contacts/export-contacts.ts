// Export of a filtered contacts list to .xlsx or .csv, streamed: keyset pages of contacts and their attribute
// values go out as they are read, so memory stays flat for any number of contacts.
import type { ContactSelection, ContactSortKey } from '@parley/contracts';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import type { Db } from '../../platform/db';
import { writeCsv, writeXlsx, type CellInput, type SheetColumn, type WriteResult } from '../../platform/excel';
import { afterCursor, keysetOrder, sortValueText, type Cursor, type Keyset } from './contact-pages';
import { selectionWhere } from './contact-selection';
import { attributeDefinitions, contactAttributeValues, contacts } from './tables';

const PAGE = 1000;

// Only what the file shows: the wide columns (search text, referral details) would double the bytes read.
const exportFields = {
  id: contacts.id,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  channelName: contacts.channelName,
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
  isGroup: contacts.isGroup,
  optedOutMarketing: contacts.optedOutMarketing,
  createdAt: contacts.createdAt,
  lastActiveAt: contacts.lastActiveAt,
  lastMessageAt: contacts.lastMessageAt,
  lastMessagePreview: contacts.lastMessagePreview,
  messagesFromCustomer: contacts.messagesFromCustomer,
  templateMessages: contacts.templateMessages,
  sessionMessages: contacts.sessionMessages,
  unresolvedQueries: contacts.unresolvedQueries,
  sessionsCount: contacts.sessionsCount,
  clicks: contacts.clicks,
  timeSpentSeconds: contacts.timeSpentSeconds,
  sentimentSum: contacts.sentimentSum,
  sentimentCount: contacts.sentimentCount,
  liveChatTakeover: contacts.liveChatTakeover,
  referral: contacts.referral,
};

type Row = { [K in keyof typeof exportFields]: (typeof contacts.$inferSelect)[K] };
type Definition = typeof attributeDefinitions.$inferSelect;
type Value = typeof contactAttributeValues.$inferSelect;

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
      .select({ ...exportFields, sortValue: sortValueText(k) })
      .from(contacts)
      .where(after ? and(where, afterCursor(k, after)) : where)
      .orderBy(...keysetOrder(k))
      .limit(PAGE)
      .then((rows) => rows);
  let next = read(undefined);
  try {
    for (;;) {
      const page = await next;
      const last = page.at(-1);
      if (!last) return;
      if (page.length === PAGE) next = read({ value: last.sortValue, id: last.id });
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
    c.firstName,
    c.lastName,
    c.channelName,
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
    c.isGroup,
    c.optedOutMarketing,
    c.createdAt,
    c.lastActiveAt,
    c.lastMessageAt,
    c.lastMessagePreview,
    c.messagesFromCustomer,
    c.templateMessages,
    c.sessionMessages,
    c.unresolvedQueries,
    c.sessionsCount,
    c.clicks,
    c.timeSpentSeconds,
    c.sentimentCount ? Math.round((c.sentimentSum / c.sentimentCount) * 100) / 100 : null,
    c.liveChatTakeover,
    c.source === 'ad' ? (c.referral?.sourceId ?? null) : null,
  ];
  const custom = definitions.map((d) => {
    const v = values?.get(d.key);
    if (!v) return null;
    return d.type === 'number' ? v.valueNumber : d.type === 'boolean' ? v.valueBool : d.type === 'date' ? v.valueDate : v.valueText;
  });
  return [...standard, ...custom, c.id];
}

async function attributeValues(db: Db, workspaceId: string, page: Row[]): Promise<Map<string, Map<string, Value>>> {
  const rows = await db
    .select()
    .from(contactAttributeValues)
    .where(
      and(
        eq(contactAttributeValues.workspaceId, workspaceId),
        inArray(
          contactAttributeValues.contactId,
          page.map((c) => c.id),
        ),
      ),
    );
  const byContact = new Map<string, Map<string, Value>>();
  for (const v of rows) {
    let m = byContact.get(v.contactId);
    if (!m) byContact.set(v.contactId, (m = new Map()));
    m.set(v.key, v);
  }
  return byContact;
}
