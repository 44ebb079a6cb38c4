// An admin list as .xlsx: exactly what the list shows with the same filters and sort, every page, streamed — keyset
// pages of 1,000 rows go out as they are read, so memory stays flat for any number of rows (platform/excel makes
// the cells formula-safe).
import type { AdminListFilters, AdminListItem, AdminListName } from '@parley/contracts';
import { adminListDefaultOrder } from '@parley/contracts';
import type { SQL } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import type { Db } from '../../platform/db';
import { writeXlsx, type CellInput, type SheetColumn, type WriteResult } from '../../platform/excel';
import { keysetOf, type Cursor, type Keyset } from './list-keyset';
import { readListPage, rowId, toListItem, type ListRow } from './list-rows';
import { checkFilters, listWhere, sortOf } from './list-specs';
import { skillsetNames } from './names';

const PAGE = 1000;

type Cell = (r: ListRow, item: AdminListItem) => CellInput;
interface Column extends Omit<SheetColumn, 'timezone'> {
  value: Cell;
}

const statusWords: Record<AdminListItem['status'], string> = {
  active: 'Active',
  closed: 'Closed',
  waiting: 'Waiting',
  reserved: 'Reserved',
  assigned: 'Assigned',
};

const contact: Column[] = [
  { header: 'Contact', type: 'text', width: 24, value: (_r, i) => i.contactName },
  { header: 'Phone', type: 'text', width: 18, value: (_r, i) => i.contactPhone },
];
const lastCustomer: Column[] = [
  { header: 'Last customer message at', type: 'date', value: (r) => r.lastCustomerMessageAt },
  { header: 'Last customer text', type: 'text', width: 48, value: (r) => r.lastCustomerText },
];
const status: Column = { header: 'Status', type: 'text', width: 10, value: (_r, i) => statusWords[i.status] };
const agent: Column = { header: 'Agent', type: 'text', width: 22, value: (_r, i) => i.agentName };
const opened: Column = { header: 'Opened', type: 'date', value: (r) => r.openedAt };
const id: Column = { header: 'Conversation ID', type: 'text', width: 38, value: (r) => r.conversationId };

const columnsOf: Record<AdminListName, Column[]> = {
  unmanaged: [
    status,
    ...contact,
    opened,
    ...lastCustomer,
    { header: 'Closed at', type: 'date', value: (r) => r.closedAt },
    { header: 'Reason', type: 'text', width: 20, value: (r) => r.closedReason },
    id,
  ],
  waiting: [
    status,
    ...contact,
    { header: 'Queue', type: 'text', width: 22, value: (_r, i) => (i.skillsetId ? i.skillsetName : 'General queue') },
    { header: 'Waiting since', type: 'date', value: (r) => r.waitingSince },
    opened,
    ...lastCustomer,
    id,
  ],
  active: [...contact, agent, { header: 'Started', type: 'date', value: (r) => r.assignedAt ?? r.openedAt }, opened, ...lastCustomer, id],
  history: [
    ...contact,
    agent,
    opened,
    { header: 'Closed at', type: 'date', value: (r) => r.closedAt },
    { header: 'Reason', type: 'text', width: 20, value: (r) => r.closedReason },
    { header: 'Pricing category', type: 'text', width: 16, value: (r) => r.pricingCategory },
    ...lastCustomer,
    id,
  ],
  'templates-sent': [
    ...contact,
    { header: 'Sent by', type: 'text', width: 22, value: (_r, i) => i.agentName ?? (i.agentId ? null : 'API') },
    { header: 'Template', type: 'text', width: 24, value: (r) => r.templateName },
    { header: 'Text', type: 'text', width: 48, value: (r) => r.templateText },
    { header: 'Status', type: 'text', width: 10, value: (r) => r.messageStatus },
    { header: 'Queued', type: 'date', value: (r) => r.messageCreatedAt },
    { header: 'Sent', type: 'date', value: (r) => r.sentAt },
    { header: 'Delivered', type: 'date', value: (r) => r.deliveredAt },
    { header: 'Read', type: 'date', value: (r) => r.readAt },
    id,
  ],
};

export const sheetNames: Record<AdminListName, string> = {
  unmanaged: 'Unmanaged conversations',
  waiting: 'Waiting conversations',
  active: 'Active conversations',
  history: 'Conversation history',
  'templates-sent': 'Message templates sent',
};

export interface ListExportRequest {
  workspaceId: string;
  list: AdminListName;
  filters: AdminListFilters;
  /** The viewer's time zone: every date and time is shown in it. */
  timezone: string;
  now: Date;
}

/** Check the request (every 400 before the first byte) and return the writer. */
export async function prepareListExport(db: Db, req: ListExportRequest): Promise<{ write(out: Writable): Promise<WriteResult> }> {
  const { list, filters } = req;
  const sort = sortOf(list, filters.sort);
  checkFilters(list, filters);
  const k = keysetOf(list, sort, filters.order ?? adminListDefaultOrder[list], filters);
  const where = listWhere(list, req.workspaceId, filters, req.now);
  const names = await skillsetNames(db, req.workspaceId, list);
  const columns = columnsOf[list];

  async function* rows(): AsyncGenerator<CellInput[]> {
    for await (const page of pages(db, k, where)) {
      for (const r of page) {
        const item = toListItem(r, req.now, names);
        yield columns.map((c) => c.value(r, item));
      }
    }
  }

  return {
    write: (out) =>
      writeXlsx(out, {
        name: sheetNames[list],
        columns: columns.map(({ value: _value, ...c }) => (c.type === 'date' ? { ...c, timezone: req.timezone } : c)),
        rows: rows(),
      }),
  };
}

/** Every row in keyset pages, the next page read while this one is written; no transaction held between pages. */
async function* pages(db: Db, k: Keyset, where: SQL): AsyncGenerator<ListRow[]> {
  const read = (after: Cursor | undefined) => readListPage(db, k, where, after, PAGE);
  let next = read(undefined);
  try {
    for (;;) {
      const page = await next;
      const last = page.at(-1);
      if (!last) return;
      if (page.length === PAGE) next = read({ value: last.sortValue, id: rowId(last) });
      yield page;
      if (page.length < PAGE) return;
    }
  } finally {
    // Left early (the client went away): a read still in flight must not become an unhandled rejection.
    next.catch(() => undefined);
  }
}
