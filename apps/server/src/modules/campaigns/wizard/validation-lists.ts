// The Messages and Rejected lists of the last validation: pages for the screen and whole lists as Excel files.
import type { CampaignRejectionCode, CampaignValidationPage, CampaignValidationRow } from '@parley/contracts';
import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import type { Db } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { writeXlsx, type SheetColumn } from '../../../platform/excel';
import { campaignAudience } from '../tables';
import { fillText } from '../templates/variables';
import { findTemplate, loadCampaign, type CampaignRow } from './drafts';

export type ListKind = 'messages' | 'rejected';

const columns = {
  rowNo: campaignAudience.rowNo,
  phone: campaignAudience.phone,
  e164: campaignAudience.e164,
  name: campaignAudience.name,
  contactId: campaignAudience.resolvedContactId,
  reason: campaignAudience.reason,
  reasonText: campaignAudience.reasonText,
  values: campaignAudience.values,
};
type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null };

const where = (c: CampaignRow, kind: ListKind) =>
  and(
    eq(campaignAudience.workspaceId, c.workspaceId),
    eq(campaignAudience.campaignId, c.id),
    eq(campaignAudience.removed, false),
    eq(campaignAudience.outcome, kind === 'messages' ? 'message' : 'rejected'),
  );

/** The campaign, with its template's body to show each message, once it has a current validation (else 409). */
export async function validatedCampaign(db: Db, workspaceId: string, id: string): Promise<{ c: CampaignRow; body: string }> {
  const c = await loadCampaign(db, workspaceId, id);
  if (!c.validation) throw new AppError('conflict', 'Validate the campaign first: it changed since its last validation');
  const template = c.templateId ? await findTemplate(db, workspaceId, c.templateId) : undefined;
  return { c, body: template?.content.body.text ?? '' };
}

export function toValidationRow(r: Row, body: string): CampaignValidationRow {
  return {
    rowNo: r.rowNo!,
    phone: r.phone,
    e164: r.e164,
    name: r.name,
    contactId: r.contactId,
    reason: r.reason ? { code: r.reason as CampaignRejectionCode, text: r.reasonText ?? '' } : null,
    text: r.values ? fillText(body, r.values.body) : null,
    values: r.values ?? null,
  };
}

export async function validationPage(
  db: Db,
  c: CampaignRow,
  body: string,
  kind: ListKind,
  page: number,
  pageSize: number,
): Promise<CampaignValidationPage> {
  const [rows, [total]] = await Promise.all([
    db
      .select(columns)
      .from(campaignAudience)
      .where(where(c, kind))
      .orderBy(asc(campaignAudience.rowNo))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(campaignAudience).where(where(c, kind)),
  ]);
  return { items: rows.map((r) => toValidationRow(r, body)), total: total?.n ?? 0, page, pageSize };
}

const SHEETS: Record<ListKind, SheetColumn[]> = {
  messages: [
    { header: 'Row', type: 'number', width: 8 },
    { header: 'Phone', type: 'text', width: 20 },
    { header: 'Name', type: 'text' },
    { header: 'Message', type: 'text', width: 80 },
  ],
  rejected: [
    { header: 'Row', type: 'number', width: 8 },
    { header: 'Phone', type: 'text', width: 20 },
    { header: 'Name', type: 'text' },
    { header: 'Reason', type: 'text', width: 60 },
    { header: 'Reason code', type: 'text', width: 20 },
  ],
};

/** The whole list as .xlsx, read a page at a time (memory stays flat whatever its length). */
export async function writeValidationList(db: Db, c: CampaignRow, body: string, kind: ListKind, out: Writable): Promise<void> {
  async function* rows() {
    let after = 0;
    for (;;) {
      const page = await db
        .select(columns)
        .from(campaignAudience)
        .where(and(where(c, kind), gt(campaignAudience.rowNo, after)))
        .orderBy(asc(campaignAudience.rowNo))
        .limit(1000);
      for (const r of page) {
        const v = toValidationRow(r, body);
        yield kind === 'messages'
          ? [v.rowNo, v.e164 ?? v.phone, v.name, v.text]
          : [v.rowNo, v.phone ?? v.e164, v.name, v.reason?.text ?? null, v.reason?.code ?? null];
      }
      if (page.length < 1000) return;
      after = page.at(-1)!.rowNo;
    }
  }
  await writeXlsx(out, { name: kind === 'messages' ? 'Messages' : 'Rejected', columns: SHEETS[kind], rows: rows() });
}
