import type { CampaignConfirmResult } from '@parley/contracts';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { rowsOf, withTx } from '../../../platform/db';
import { invalidField } from '../../../platform/errors';
import { ensurePhoneContacts } from '../../contacts';
import type { Principal } from '../../identity';
import { campaignAudience, campaignRecipients, campaigns } from '../tables';
import { channelAndTemplate, lockDraft } from './drafts';
import { kickCampaign } from '../sending/kick';
import { validateAudience } from './validate-campaign';

/** Contacts first reached by a template (a campaign or the API) have source `api` (PRODUCT §6). */
export const CAMPAIGN_CONTACT_SOURCE = 'api';
/** Messages made recipients per round trip: a batch of 2,000 lived long enough to be promoted (see validate-campaign's BATCH). */
const BATCH = 500;

/**
 * Confirm: validate again, then in ONE transaction make contacts of new numbers (with the number's `wa:` identity, so
 * replies land on them), write one pending recipient per Message with its resolved values, and hand the campaign to
 * sending as `scheduled` (now, for an immediate one). Nothing is half-done: any failure leaves the draft as it was.
 */
export async function confirmCampaign(deps: Deps, p: Principal, id: string): Promise<CampaignConfirmResult> {
  const ws = p.workspaceId;
  return withTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const c = await lockDraft(tx, ws, id);
    if (c.mode === 'scheduled') {
      if (!c.scheduledAt) throw invalidField('scheduledAt', 'a scheduled campaign needs a date and time');
      if (c.scheduledAt.getTime() <= now.getTime()) throw invalidField('scheduledAt', 'the scheduled time has passed: pick a new one');
    }
    const { channel } = await channelAndTemplate(tx, c);
    const counts = await validateAudience(deps, tx, c);
    if (counts.messages === 0)
      throw invalidField('audience', 'there are no Messages to send: every row was rejected or the audience is empty');
    let after = 0;
    let recipients = 0;
    let created = 0;
    const mine = and(eq(campaignAudience.workspaceId, ws), eq(campaignAudience.campaignId, id), eq(campaignAudience.outcome, 'message'));
    for (;;) {
      const rows = await tx
        .select({
          rowNo: campaignAudience.rowNo,
          e164: campaignAudience.e164,
          name: campaignAudience.name,
          contactId: campaignAudience.resolvedContactId,
          values: campaignAudience.values,
        })
        .from(campaignAudience)
        .where(and(mine, gt(campaignAudience.rowNo, after)))
        .orderBy(asc(campaignAudience.rowNo))
        .limit(BATCH);
      if (rows.length === 0) break;
      const ensured = await ensurePhoneContacts(tx, {
        workspaceId: ws,
        channelId: channel.id,
        source: CAMPAIGN_CONTACT_SOURCE,
        at: now,
        entries: rows.map((r) => ({ e164: r.e164!, contactId: r.contactId, name: r.name })),
      });
      created += ensured.created;
      const json = JSON.stringify(
        rows.map((r) => ({ contact_id: ensured.ids.get(r.e164!)!, phone: r.e164!, row_no: r.rowNo, vals: r.values! })),
      );
      // One INSERT per batch, its rows as one JSON parameter; a contact twice in the audience is never two recipients.
      const inserted = rowsOf<{ n: number }>(
        await tx.execute(sql`
          with added as (
            insert into ${campaignRecipients} (workspace_id, campaign_id, contact_id, phone, row_no, "values", status, updated_at)
            select ${ws}::uuid, ${id}::uuid, r.contact_id, r.phone, r.row_no, r.vals, 'pending', ${now.toISOString()}::timestamptz
            from jsonb_to_recordset(${json}::jsonb) as r(contact_id uuid, phone text, row_no int, vals jsonb)
            on conflict do nothing
            returning 1
          )
          select count(*)::int as n from added`),
      );
      recipients += Number(inserted[0]?.n ?? 0);
      after = rows.at(-1)!.rowNo;
      if (rows.length < BATCH) break;
    }
    const scheduledAt = c.mode === 'immediate' ? now : c.scheduledAt!;
    await tx
      .update(campaigns)
      .set({ status: 'scheduled', scheduledAt, confirmedAt: now, updatedAt: now })
      .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id)));
    // Its dispatcher starts at once (or at the scheduled time); the minute's scan is only the backstop.
    await kickCampaign(deps, ws, id, { tx });
    return { id, status: 'scheduled' as const, scheduledAt: scheduledAt.toISOString(), recipients, contactsCreated: created };
  });
}
