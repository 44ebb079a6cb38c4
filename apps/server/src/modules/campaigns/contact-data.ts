// What this module keeps about a contact: the campaigns they received (recipient rows) and the audience rows of
// uploaded files. For the contacts module's merge, GDPR export and erasure; handed to it at the composition root.
// Erasure keeps each recipient row's status, so a campaign's counts (sent, read, failed…) stay true, but not who.
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { addAll, containsAny, inTexts, inUuids, pgArray, rawNeedles, type ContactDataHolder } from '../contacts';
import { campaignAudience, campaignRecipients, campaigns } from './tables';

export const ERASED_REASON = 'The recipient was erased (GDPR) before this was sent';

export const campaignsContactData: ContactDataHolder = {
  name: 'campaigns',

  async moveContact(tx, m) {
    const r = campaignRecipients;
    // One row per (campaign, contact): where both received a campaign, the survivor's row stays and the other's
    // keeps pointing at the merged-away id (the campaign's counts do not change).
    await tx.execute(sql`
      update ${r} set contact_id = ${m.toId}, updated_at = ${m.now.toISOString()}::timestamptz
      where workspace_id = ${m.workspaceId} and contact_id = ${m.fromId}
        and not exists (select 1 from ${r} s where s.workspace_id = ${r.workspaceId} and s.campaign_id = ${r.campaignId} and s.contact_id = ${m.toId})`);
    const a = campaignAudience;
    await tx
      .update(a)
      .set({ contactId: m.toId })
      .where(and(eq(a.workspaceId, m.workspaceId), eq(a.contactId, m.fromId)));
    await tx
      .update(a)
      .set({ resolvedContactId: m.toId })
      .where(and(eq(a.workspaceId, m.workspaceId), eq(a.resolvedContactId, m.fromId)));
  },

  async collect(tx, scope) {
    const rows = await tx
      .select({ id: campaignRecipients.id, messageId: campaignRecipients.messageId })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.workspaceId, scope.workspaceId), inUuids(campaignRecipients.contactId, scope.contactIds)));
    addAll(
      scope.jobRefs,
      rows.map((r) => r.id),
    );
    addAll(
      scope.messageIds,
      rows.map((r) => r.messageId),
    );
  },

  async erase(tx, scope) {
    const r = campaignRecipients;
    const ws = scope.workspaceId;
    const mine = and(eq(r.workspaceId, ws), inUuids(r.contactId, scope.contactIds));
    // Not yet called (pending, or claimed by a dispatcher that has not committed the call: its commit before the
    // call is conditional, as for a cancel): skipped, never sent.
    const skipped = await tx
      .update(r)
      .set({ status: 'skipped', reason: ERASED_REASON, notBefore: null, updatedAt: scope.now })
      .where(and(mine, or(eq(r.status, 'pending'), and(eq(r.status, 'sending'), sql`${r.sendingAt} is null`))))
      .returning({ id: r.id });
    // A fresh id per row keeps the (campaign, contact) key unique; the status and times stay for the counts.
    const anonymised = await tx
      .update(r)
      .set({
        contactId: sql`gen_random_uuid()`,
        phone: '',
        values: { body: [] },
        messageId: null,
        providerMessageId: null,
        reason: sql`case when ${r.reason} = ${ERASED_REASON} then ${r.reason} else null end`,
        updatedAt: scope.now,
      })
      .where(mine)
      .returning({ id: r.id });
    const a = campaignAudience;
    // Uploaded rows not validated yet carry the number as typed: national ("(650) 555-0199", the end of the
    // E.164 digits) or international, and maybe in other cells.
    const needles = rawNeedles(scope);
    const digits = needles.filter((n) => /^\d+$/.test(n));
    const typed = sql`regexp_replace(coalesce(${a.phone}, ''), '\\D', '', 'g')`;
    const audience = await tx
      .update(a)
      .set({
        phone: null,
        name: null,
        cells: null,
        e164: null,
        values: null,
        contactId: null,
        resolvedContactId: null,
        reasonText: null,
        removed: true,
      })
      .where(
        and(
          eq(a.workspaceId, ws),
          sql`(${inUuids(a.contactId, scope.contactIds)} or ${inUuids(a.resolvedContactId, scope.contactIds)}
            or ${inTexts(a.e164, scope.phones)}
            or (length(${typed}) >= 8 and exists (select 1 from unnest(${pgArray(digits)}::text[]) d(v) where right(d.v, length(${typed})) = ${typed}))
            or ${containsAny(sql`coalesce(${a.cells}::text, '')`, needles)})`,
        ),
      )
      .returning({ row: a.rowNo });
    return {
      campaignSendsCancelled: skipped.length,
      campaignRecipientsAnonymised: anonymised.length,
      campaignAudienceRows: audience.length,
    };
  },

  async exportSections(db, x) {
    const r = campaignRecipients;
    return [
      {
        kind: 'table',
        name: 'campaigns',
        columns: [
          { key: 'campaign', header: 'Campaign', type: 'text' },
          { key: 'status', header: 'Status', type: 'text' },
          { key: 'phone', header: 'Sent to', type: 'text' },
          { key: 'sentAt', header: 'Sent at', type: 'date' },
          { key: 'deliveredAt', header: 'Delivered at', type: 'date' },
          { key: 'readAt', header: 'Read at', type: 'date' },
          { key: 'failedAt', header: 'Failed at', type: 'date' },
          { key: 'reason', header: 'Reason', type: 'text' },
          { key: 'values', header: 'Personalised values', type: 'text' },
        ],
        rows: async function* () {
          const rows = await db
            .select({
              campaign: campaigns.name,
              status: r.status,
              phone: r.phone,
              sentAt: r.sentAt,
              deliveredAt: r.deliveredAt,
              readAt: r.readAt,
              failedAt: r.failedAt,
              reason: r.reason,
              values: r.values,
            })
            .from(r)
            .innerJoin(campaigns, and(eq(campaigns.workspaceId, r.workspaceId), eq(campaigns.id, r.campaignId)))
            .where(and(eq(r.workspaceId, x.workspaceId), eq(r.contactId, x.contactId)))
            .orderBy(asc(r.updatedAt));
          for (const row of rows) yield { ...row, values: JSON.stringify(row.values) };
        },
      },
    ];
  },
};
