// Claiming recipients and the commit before the call. A recipient moves pending → sending in two commits:
//   1. claimed (status `sending`, `sending_at` null): its message now exists in the conversation, nobody has called;
//   2. calling (`sending_at` set): committed just before its Graph call — from here a crash leaves it uncertain.
// A claimed row can be given back (or skipped by a cancel) safely; a calling row only through reconciliation.
import { and, eq, sql } from 'drizzle-orm';
import { recordOutboundTemplates, type OutboundTemplateItem } from '../../conversations';
import { type Db, rowsOf, withTx } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { campaignRecipients, campaigns } from '../tables';
import type { TemplateValues } from '../templates/variables';
import { templateMessage, type SendableTemplate } from './template-message';

export interface ClaimedRecipient {
  id: string;
  contactId: string;
  phone: string;
  /** The message's id, which WhatsApp echoes as `biz_opaque_callback_data` (= the recipient's id). */
  messageId: string;
  attempts: number;
  content: OutboundTemplateItem['content'];
}

export interface ClaimTarget {
  workspaceId: string;
  campaignId: string;
  channelId: string;
  template: SendableTemplate;
}

/**
 * Claim up to `limit` due pending recipients (FOR UPDATE SKIP LOCKED: concurrent claimers take different rows) and
 * commit them as claimed, with their template message stored in the contact's conversation. A recipient claimed
 * again (a retry) keeps its first message, so every status of every call lands on the same message.
 */
export async function claimRecipients(deps: Deps, target: ClaimTarget, limit: number): Promise<ClaimedRecipient[]> {
  const r = campaignRecipients;
  return withTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const rows = await tx
      .select({ id: r.id, contactId: r.contactId, phone: r.phone, values: r.values, messageId: r.messageId, attempts: r.attempts })
      .from(r)
      .where(
        and(
          eq(r.workspaceId, target.workspaceId),
          eq(r.campaignId, target.campaignId),
          eq(r.status, 'pending'),
          sql`(${r.notBefore} is null or ${r.notBefore} <= ${now.toISOString()}::timestamptz)`,
        ),
      )
      .limit(limit)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return [];
    const claimed = rows.map((row) => ({
      id: row.id,
      contactId: row.contactId,
      phone: row.phone,
      messageId: row.messageId ?? row.id,
      attempts: row.attempts + 1,
      content: templateMessage(target.template, row.values as TemplateValues),
    }));
    const fresh = rows.filter((row) => row.messageId === null).map((row) => row.id);
    if (fresh.length > 0) {
      const freshSet = new Set(fresh);
      await recordOutboundTemplates(deps, tx, {
        workspaceId: target.workspaceId,
        channelId: target.channelId,
        senderType: 'system',
        items: claimed.filter((c) => freshSet.has(c.id)).map((c) => ({ id: c.messageId, contactId: c.contactId, content: c.content })),
      });
    }
    await tx
      .update(r)
      .set({
        status: 'sending',
        sendingAt: null,
        attempts: sql`${r.attempts} + 1`,
        messageId: sql`coalesce(${r.messageId}, ${r.id})`,
        updatedAt: now,
      })
      .where(and(eq(r.workspaceId, target.workspaceId), sql`${r.id} = any(${sql.param(rows.map((row) => row.id))}::uuid[])`));
    return claimed;
  });
}

/**
 * The commit before the call: mark claimed recipients as being called, if the campaign is still sending. Returns the
 * ids that still were claimed: only those may be called. A pause or a cancel committed before it leaves every one
 * uncalled; a cancel also skips claimed rows. One statement, the ids as one array parameter.
 */
export async function markCalling(db: Db, target: { workspaceId: string; campaignId: string }, ids: readonly string[], at: Date) {
  if (ids.length === 0) return new Set<string>();
  const r = campaignRecipients;
  const when = at.toISOString();
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update ${r} set sending_at = ${when}::timestamptz, updated_at = ${when}::timestamptz
      where ${r.workspaceId} = ${target.workspaceId} and ${r.id} = any(${sql.param([...ids])}::uuid[])
        and ${r.status} = 'sending' and ${r.sendingAt} is null
        and exists (select 1 from ${campaigns} c where c.workspace_id = ${target.workspaceId} and c.id = ${target.campaignId} and c.status = 'sending')
      returning ${r.id} as id`),
  );
  return new Set(rows.map((row) => row.id));
}
