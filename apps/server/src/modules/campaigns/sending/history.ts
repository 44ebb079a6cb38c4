// The outbound history (read side): campaigns with their counts per recipient state and progress, one campaign, and
// its recipients page by page. Counts are computed from the recipient rows (the truth), one grouped query per page.
import {
  recipientStatuses,
  type CampaignHistoryItem,
  type CampaignHistoryPage,
  type CampaignHistoryQuery,
  type CampaignRecipientsPage,
  type CampaignRecipientsQuery,
  type CampaignRecipientView,
  type RecipientCounts,
  type RecipientStatus,
} from '@parley/contracts';
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { contactDisplayName, contactsTable } from '../../contacts';
import type { Db } from '../../../platform/db';
import { notFound } from '../../../platform/errors';
import { campaignRecipients, campaigns, messageTemplates } from '../tables';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const emptyCounts = (): RecipientCounts => Object.fromEntries(recipientStatuses.map((s) => [s, 0])) as RecipientCounts;

type CampaignRow = typeof campaigns.$inferSelect;

export async function countsOf(db: Db, workspaceId: string, ids: readonly string[]): Promise<Map<string, RecipientCounts>> {
  const out = new Map<string, RecipientCounts>();
  if (ids.length === 0) return out;
  const r = campaignRecipients;
  const rows = await db
    .select({ campaignId: r.campaignId, status: r.status, n: count() })
    .from(r)
    .where(and(eq(r.workspaceId, workspaceId), inArray(r.campaignId, [...ids])))
    .groupBy(r.campaignId, r.status);
  for (const row of rows) {
    const counts = out.get(row.campaignId) ?? emptyCounts();
    counts[row.status as RecipientStatus] = row.n;
    out.set(row.campaignId, counts);
  }
  return out;
}

function historyItem(c: CampaignRow, t: { name: string; language: string } | null, counts: RecipientCounts): CampaignHistoryItem {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    channelId: c.channelId,
    templateId: c.templateId,
    templateName: t?.name ?? null,
    templateLanguage: t?.language ?? null,
    mode: c.mode,
    scheduledAt: iso(c.scheduledAt),
    createdAt: c.createdAt.toISOString(),
    startedAt: iso(c.startedAt),
    finishedAt: iso(c.finishedAt),
    cancelledAt: iso(c.cancelledAt),
    total,
    counts,
    progress: total === 0 ? 0 : Math.round(((total - counts.pending - counts.sending) / total) * 10_000) / 10_000,
  };
}

const selectWithTemplate = (db: Db) =>
  db
    .select({ c: campaigns, t: { name: messageTemplates.name, language: messageTemplates.language } })
    .from(campaigns)
    .leftJoin(
      messageTemplates,
      and(eq(messageTemplates.workspaceId, campaigns.workspaceId), eq(messageTemplates.id, campaigns.templateId)),
    );

/** Campaigns newest first (drafts included: the history shows every campaign and where it stands). */
export async function listCampaignHistory(db: Db, workspaceId: string, q: CampaignHistoryQuery): Promise<CampaignHistoryPage> {
  const where: SQL[] = [eq(campaigns.workspaceId, workspaceId)];
  if (q.status) where.push(eq(campaigns.status, q.status));
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(campaigns)
    .where(and(...where));
  const rows = await selectWithTemplate(db)
    .where(and(...where))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const counts = await countsOf(
    db,
    workspaceId,
    rows.map((r) => r.c.id),
  );
  return {
    items: rows.map((r) => historyItem(r.c, r.t?.name ? r.t : null, counts.get(r.c.id) ?? emptyCounts())),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getCampaignHistory(db: Db, workspaceId: string, id: string): Promise<CampaignHistoryItem> {
  const [row] = await selectWithTemplate(db).where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  if (!row) throw notFound('Campaign');
  return historyItem(row.c, row.t?.name ? row.t : null, (await countsOf(db, workspaceId, [id])).get(id) ?? emptyCounts());
}

export const recipientFields = {
  id: campaignRecipients.id,
  contactId: campaignRecipients.contactId,
  phone: campaignRecipients.phone,
  name: contactDisplayName,
  rowNo: campaignRecipients.rowNo,
  status: campaignRecipients.status,
  attempts: campaignRecipients.attempts,
  messageId: campaignRecipients.messageId,
  providerMessageId: campaignRecipients.providerMessageId,
  sentAt: campaignRecipients.sentAt,
  deliveredAt: campaignRecipients.deliveredAt,
  readAt: campaignRecipients.readAt,
  failedAt: campaignRecipients.failedAt,
  errorCode: campaignRecipients.errorCode,
  reason: campaignRecipients.reason,
};

/** A campaign's recipients in the audience's row order, optionally of one state. */
export function recipientsQuery(db: Db, workspaceId: string, campaignId: string, status?: RecipientStatus) {
  const r = campaignRecipients;
  const where = and(eq(r.workspaceId, workspaceId), eq(r.campaignId, campaignId), status ? eq(r.status, status) : undefined);
  return {
    where,
    rows: (extra?: SQL) =>
      db
        .select(recipientFields)
        .from(r)
        .leftJoin(contactsTable, and(eq(contactsTable.workspaceId, r.workspaceId), eq(contactsTable.id, r.contactId)))
        .where(extra ? and(where, extra) : where)
        .orderBy(asc(r.rowNo), asc(r.id)),
  };
}

export type RecipientRow = Awaited<ReturnType<ReturnType<typeof recipientsQuery>['rows']>>[number];

export function recipientView(row: RecipientRow): CampaignRecipientView {
  return {
    ...row,
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
    readAt: iso(row.readAt),
    failedAt: iso(row.failedAt),
  };
}

export async function listCampaignRecipients(
  db: Db,
  workspaceId: string,
  campaignId: string,
  q: CampaignRecipientsQuery,
): Promise<CampaignRecipientsPage> {
  const [exists] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  if (!exists) throw notFound('Campaign');
  const query = recipientsQuery(db, workspaceId, campaignId, q.status);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(campaignRecipients).where(query.where);
  const rows = await query
    .rows()
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(recipientView), total, page: q.page, pageSize: q.pageSize };
}
