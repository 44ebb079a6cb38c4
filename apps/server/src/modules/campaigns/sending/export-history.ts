// Excel exports of the outbound history: the campaigns list (with counts) and one campaign's recipients. Streamed in
// pages of 1,000 rows, so a 100,000-recipient campaign holds one page in memory; platform/excel guards
// every text cell against formula injection (names and reasons come from customers and from Meta).
import { recipientStatuses, type CampaignStatus, type RecipientStatus } from '@parley/contracts';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import type { Db } from '../../../platform/db';
import { writeXlsx, type CellInput, type SheetColumn, type WriteResult } from '../../../platform/excel';
import { campaignRecipients, campaigns, messageTemplates } from '../tables';
import { countsOf, recipientsQuery } from './history';

const PAGE = 1000;

export function writeCampaignsXlsx(
  db: Db,
  workspaceId: string,
  opts: { status?: CampaignStatus; timezone: string },
  out: Writable,
): Promise<WriteResult> {
  const tz = opts.timezone;
  const columns: SheetColumn[] = [
    { header: 'Campaign', type: 'text', width: 30 },
    { header: 'Status', type: 'text', width: 18 },
    { header: 'Template', type: 'text', width: 24 },
    { header: 'Language', type: 'text', width: 10 },
    { header: 'Mode', type: 'text', width: 10 },
    { header: 'Scheduled', type: 'date', timezone: tz },
    { header: 'Created', type: 'date', timezone: tz },
    { header: 'Started', type: 'date', timezone: tz },
    { header: 'Finished', type: 'date', timezone: tz },
    { header: 'Cancelled', type: 'date', timezone: tz },
    { header: 'Recipients', type: 'number' },
    ...recipientStatuses.map((s) => ({ header: s[0]!.toUpperCase() + s.slice(1), type: 'number' as const })),
    { header: 'Progress (%)', type: 'number' },
    { header: 'Parley ID', type: 'text', width: 38 },
  ];
  async function* rows(): AsyncGenerator<CellInput[]> {
    const where: SQL[] = [eq(campaigns.workspaceId, workspaceId)];
    if (opts.status) where.push(eq(campaigns.status, opts.status));
    for (let offset = 0; ; offset += PAGE) {
      const page = await db
        .select({ c: campaigns, t: { name: messageTemplates.name, language: messageTemplates.language } })
        .from(campaigns)
        .leftJoin(
          messageTemplates,
          and(eq(messageTemplates.workspaceId, campaigns.workspaceId), eq(messageTemplates.id, campaigns.templateId)),
        )
        .where(and(...where))
        .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
        .limit(PAGE)
        .offset(offset);
      const counts = await countsOf(
        db,
        workspaceId,
        page.map((p) => p.c.id),
      );
      for (const { c, t } of page) {
        const n = counts.get(c.id);
        const total = n ? Object.values(n).reduce((a, b) => a + b, 0) : 0;
        const done = n ? total - n.pending - n.sending : 0;
        yield [
          c.name,
          c.status.replaceAll('_', ' '),
          t?.name ?? null,
          t?.language ?? null,
          c.mode,
          c.scheduledAt,
          c.createdAt,
          c.startedAt,
          c.finishedAt,
          c.cancelledAt,
          total,
          ...recipientStatuses.map((s) => n?.[s] ?? 0),
          total ? Math.round((done / total) * 1000) / 10 : 0,
          c.id,
        ];
      }
      if (page.length < PAGE) return;
    }
  }
  return writeXlsx(out, { name: 'Campaigns', columns, rows: rows() });
}

export function writeRecipientsXlsx(
  db: Db,
  workspaceId: string,
  campaignId: string,
  opts: { status?: RecipientStatus; timezone: string },
  out: Writable,
): Promise<WriteResult> {
  const tz = opts.timezone;
  const columns: SheetColumn[] = [
    { header: 'Row', type: 'number', width: 8 },
    { header: 'Phone', type: 'text', width: 18 },
    { header: 'Name', type: 'text', width: 24 },
    { header: 'Status', type: 'text', width: 10 },
    { header: 'Sent', type: 'date', timezone: tz },
    { header: 'Delivered', type: 'date', timezone: tz },
    { header: 'Read', type: 'date', timezone: tz },
    { header: 'Failed', type: 'date', timezone: tz },
    { header: 'Error code', type: 'number', width: 10 },
    { header: 'Reason', type: 'text', width: 50 },
    { header: 'Attempts', type: 'number', width: 9 },
    { header: 'WhatsApp message id', type: 'text', width: 40 },
    { header: 'Contact ID', type: 'text', width: 38 },
  ];
  const query = recipientsQuery(db, workspaceId, campaignId, opts.status);
  async function* rows(): AsyncGenerator<CellInput[]> {
    // Keyset on row number (unique per campaign in practice; the id breaks a tie): stable while sending goes on.
    let after: { rowNo: number; id: string } | undefined;
    for (;;) {
      const r = campaignRecipients;
      const page = await query.rows(after ? sql`(${r.rowNo}, ${r.id}) > (${after.rowNo}, ${after.id}::uuid)` : undefined).limit(PAGE);
      for (const r of page) {
        yield [
          r.rowNo,
          r.phone,
          r.name,
          r.status,
          r.sentAt,
          r.deliveredAt,
          r.readAt,
          r.failedAt,
          r.errorCode,
          r.reason,
          r.attempts,
          r.providerMessageId,
          r.contactId,
        ];
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      after = { rowNo: last.rowNo, id: last.id };
    }
  }
  return writeXlsx(out, { name: 'Recipients', columns, rows: rows() });
}
