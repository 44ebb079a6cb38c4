// The recipients table of the audience step: a page of rows, "delete number", "add customer".
import type { CampaignAudiencePage } from '@parley/contracts';
import { and, asc, count, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import type { Db } from '../../../platform/db';
import { withTx } from '../../../platform/db';
import { AppError, invalidField, notFound } from '../../../platform/errors';
import { audienceContactsByIds } from '../../contacts';
import type { Principal } from '../../identity';
import { campaignAudience } from '../tables';
import { insertAudience, lastRowNo, notRemoved } from './audience-rows';
import { loadCampaign, lockDraft, touchDraft } from './drafts';

export async function listAudience(db: Db, workspaceId: string, id: string, page: number, pageSize: number): Promise<CampaignAudiencePage> {
  await loadCampaign(db, workspaceId, id);
  const where = notRemoved(workspaceId, id);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        rowNo: campaignAudience.rowNo,
        phone: campaignAudience.phone,
        name: campaignAudience.name,
        contactId: campaignAudience.contactId,
        cells: campaignAudience.cells,
      })
      .from(campaignAudience)
      .where(where)
      .orderBy(asc(campaignAudience.rowNo))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(campaignAudience).where(where),
  ]);
  return { items: rows, total: total?.n ?? 0, page, pageSize };
}

/** "Delete number": the row stays (row numbers are stable) but leaves the audience. */
export async function removeAudienceRow(deps: Deps, p: Principal, id: string, rowNo: number): Promise<void> {
  await withTx(deps.db, async (tx) => {
    await lockDraft(tx, p.workspaceId, id);
    const [row] = await tx
      .update(campaignAudience)
      .set({ removed: true })
      .where(and(notRemoved(p.workspaceId, id), eq(campaignAudience.rowNo, rowNo)))
      .returning({ rowNo: campaignAudience.rowNo });
    if (!row) throw notFound('Audience row');
    await touchDraft(tx, p.workspaceId, id, deps.clock.now());
  });
}

/** "Add customer": one more row at the end, for a contact not already in the audience. */
export async function addAudienceContact(deps: Deps, p: Principal, id: string, contactId: string): Promise<{ rowNo: number }> {
  return withTx(deps.db, async (tx) => {
    const c = await lockDraft(tx, p.workspaceId, id);
    const contact = (await audienceContactsByIds(tx, p.workspaceId, [contactId])).get(contactId);
    if (!contact) throw invalidField('contactId', 'is not a contact of this workspace');
    const [already] = await tx
      .select({ rowNo: campaignAudience.rowNo })
      .from(campaignAudience)
      .where(and(notRemoved(p.workspaceId, id), eq(campaignAudience.contactId, contactId)))
      .limit(1);
    if (already) throw new AppError('conflict', `The customer is already in the audience (row ${already.rowNo})`);
    const rowNo = (await lastRowNo(tx, p.workspaceId, id)) + 1;
    await insertAudience(tx, p.workspaceId, id, [
      {
        rowNo,
        phone: contact.phone,
        name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.channelName,
        contactId,
        cells: null,
      },
    ]);
    await touchDraft(tx, p.workspaceId, id, deps.clock.now(), c.audienceSource ? {} : { audienceSource: 'customers' });
    return { rowNo };
  });
}
