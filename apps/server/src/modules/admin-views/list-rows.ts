// Reading an admin list: one keyset page of rows with the contact's name and phone and the agent's name, shared by
// the JSON pages and the Excel download (which reads page after page of the very same query).
import type { AdminListItem } from '@parley/contracts';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { contactDisplayName, contactsTable as ct } from '../contacts';
import { conversationsTable as c, messagesTable as m } from '../conversations';
import { usersTable as u } from '../identity';
import type { Db } from '../../platform/db';
import { afterCursor, keysetOrder, sortValueText, type Cursor, type Keyset } from './list-keyset';
import { listSpecs, WINDOW_MS } from './list-specs';

const conversationFields = {
  conversationId: c.id,
  contactId: c.contactId,
  channelId: c.channelId,
  state: c.state,
  openedAt: c.openedAt,
  lastCustomerMessageAt: c.lastCustomerMessageAt,
  lastCustomerText: c.lastCustomerText,
  waitingSkillsetId: c.waitingSkillsetId,
  waitingSince: c.waitingSince,
  reservedForUserId: c.reservedForUserId,
  assigneeId: c.assigneeId,
  assignedAt: c.assignedAt,
  closedAt: c.closedAt,
  closedReason: c.closedReason,
  pricingCategory: c.pricingCategory,
  contactName: contactDisplayName,
  contactPhone: ct.phone,
  agentName: u.name,
};

const templateFields = {
  messageId: m.id,
  senderUserId: m.senderUserId,
  templateName: sql<string | null>`${m.content}->>'name'`,
  templateText: m.text,
  messageStatus: m.status,
  messageCreatedAt: m.createdAt,
  sentAt: m.sentAt,
  deliveredAt: m.deliveredAt,
  readAt: m.readAt,
};

type Conv = typeof c.$inferSelect;
type Msg = typeof m.$inferSelect;
export type ListRow = Pick<
  Conv,
  | 'contactId'
  | 'channelId'
  | 'state'
  | 'openedAt'
  | 'lastCustomerMessageAt'
  | 'lastCustomerText'
  | 'waitingSkillsetId'
  | 'waitingSince'
  | 'reservedForUserId'
  | 'assigneeId'
  | 'assignedAt'
  | 'closedAt'
  | 'closedReason'
  | 'pricingCategory'
> & {
  conversationId: string;
  contactName: string | null;
  contactPhone: string | null;
  agentName: string | null;
  sortValue: string;
  // Templates sent only.
  messageId?: string;
  senderUserId?: string | null;
  templateName?: string | null;
  templateText?: string | null;
  messageStatus?: Msg['status'];
  messageCreatedAt?: Date;
  sentAt?: Date | null;
  deliveredAt?: Date | null;
  readAt?: Date | null;
};

/** One page (up to `limit` rows) after `after`, in the keyset order. */
export async function readListPage(db: Db, k: Keyset, where: SQL, after: Cursor | undefined, limit: number): Promise<ListRow[]> {
  const filter = after ? and(where, afterCursor(k, after)) : where;
  const contactJoin = and(eq(ct.workspaceId, c.workspaceId), eq(ct.id, c.contactId));
  if (listSpecs[k.list].rows === 'messages') {
    return db
      .select({ ...conversationFields, ...templateFields, sortValue: sortValueText(k) })
      .from(m)
      .innerJoin(c, and(eq(c.workspaceId, m.workspaceId), eq(c.id, m.conversationId)))
      .innerJoin(ct, contactJoin)
      .leftJoin(u, and(eq(u.workspaceId, m.workspaceId), eq(u.id, m.senderUserId)))
      .where(filter)
      .orderBy(...keysetOrder(k))
      .limit(limit);
  }
  return db
    .select({ ...conversationFields, sortValue: sortValueText(k) })
    .from(c)
    .innerJoin(ct, contactJoin)
    .leftJoin(u, and(eq(u.workspaceId, c.workspaceId), eq(u.id, c.assigneeId)))
    .where(filter)
    .orderBy(...keysetOrder(k))
    .limit(limit);
}

/** The row's id in the keyset (the message's for templates sent). */
export const rowId = (r: ListRow) => r.messageId ?? r.conversationId;

/** What the list says about a conversation: for unmanaged ones, active while the bot has it and the window is open. */
export function statusOf(r: ListRow, now: Date): AdminListItem['status'] {
  if (r.state === 'waiting') return r.reservedForUserId ? 'reserved' : 'waiting';
  if (r.state === 'assigned') return 'assigned';
  if (r.state === 'bot') {
    const open = r.lastCustomerMessageAt !== null && r.lastCustomerMessageAt.getTime() > now.getTime() - WINDOW_MS;
    return open ? 'active' : 'closed';
  }
  return 'closed';
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function toListItem(r: ListRow, now: Date, skillsetNames: Map<string, string>): AdminListItem {
  const waiting = r.state === 'waiting';
  return {
    id: rowId(r),
    conversationId: r.conversationId,
    contactId: r.contactId,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    channelId: r.channelId,
    state: r.state,
    status: statusOf(r, now),
    openedAt: r.openedAt.toISOString(),
    lastCustomerMessageAt: iso(r.lastCustomerMessageAt),
    lastCustomerText: r.lastCustomerText,
    skillsetId: waiting ? r.waitingSkillsetId : null,
    skillsetName: waiting && r.waitingSkillsetId ? (skillsetNames.get(r.waitingSkillsetId) ?? 'Deleted skillset') : null,
    waitingSince: waiting ? iso(r.waitingSince) : null,
    reservedForUserId: waiting ? r.reservedForUserId : null,
    agentId: r.messageId ? (r.senderUserId ?? null) : r.state === 'assigned' || r.state === 'closed' ? r.assigneeId : null,
    agentName: r.messageId ? r.agentName : r.state === 'assigned' || r.state === 'closed' ? r.agentName : null,
    assignedAt: r.state === 'assigned' || r.state === 'closed' ? iso(r.assignedAt) : null,
    closedAt: iso(r.closedAt),
    closedReason: r.closedReason,
    pricingCategory: r.pricingCategory,
    template: r.messageId
      ? {
          name: r.templateName ?? null,
          text: r.templateText ?? null,
          status: r.messageStatus ?? 'queued',
          createdAt: r.messageCreatedAt!.toISOString(),
          sentAt: iso(r.sentAt),
          deliveredAt: iso(r.deliveredAt),
          readAt: iso(r.readAt),
        }
      : null,
  };
}
