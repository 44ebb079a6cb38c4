// Recipients a dispatcher left behind (it crashed, its connection broke, a call's answer was lost), put right by the
// next dispatcher while it holds the campaign's lock — so no live dispatcher owns them. The rule (ADR 0005):
//   • claimed, never called (`sending`, no `sending_at`): back to `pending` at once — nothing reached WhatsApp.
//   • called, answer unknown (`sending` with `sending_at`): never resent blindly. A status webhook (matched through
//     `biz_opaque_callback_data` = the message id) moves it to sent/delivered/read/failed. It goes back to `pending`
//     only when (a) T = CAMPAIGN_RECONCILE_SECONDS passed without any status for it, (b) every webhook of the number
//     stored so far has been applied (none waits in the backlog), and (c) statuses did arrive for recipients of
//     this campaign called at least EVIDENCE_MARGIN later (delivered or read) — proof that WhatsApp's webhooks
//     reach us, so the silence means WhatsApp never accepted the call.
//   • called, answer unknown, no such evidence after CAMPAIGN_UNCONFIRMED_FAIL_HOURS: `failed` as unconfirmed, never
//     resent (retargeting the failed ones is the operator's choice).
// The duplicate window: WhatsApp accepted the call but every status of that message came later than T after the
// call while statuses of messages sent ≥ EVIDENCE_MARGIN after it had already arrived.
import { and, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { oldestUnprocessedEvent } from '../../channels';
import { recordNotSent } from '../../conversations';
import type { Deps } from '../../../platform/deps';
import { campaignRecipients } from '../tables';
import { rowsOf } from '../../../platform/db';

export const EVIDENCE_MARGIN_MS = 10_000;

export interface Reconciled {
  /** Claimed but never called: pending again. */
  released: number;
  /** Called without an answer, no status after T while later sends got theirs: pending again (resent once). */
  resent: number;
  /** Called without an answer and never confirmed: failed as unconfirmed. */
  unconfirmed: number;
}

export async function reconcileStranded(deps: Deps, workspaceId: string, campaignId: string, channelId: string): Promise<Reconciled> {
  const r = campaignRecipients;
  const now = deps.clock.now();
  const mine = and(eq(r.workspaceId, workspaceId), eq(r.campaignId, campaignId), eq(r.status, 'sending'));
  const released = await deps.db
    .update(r)
    .set({ status: 'pending', attempts: sql`greatest(${r.attempts} - 1, 0)`, updatedAt: now })
    .where(and(mine, isNull(r.sendingAt)))
    .returning({ id: r.id });
  const result: Reconciled = { released: released.length, resent: 0, unconfirmed: 0 };
  const report = () => {
    if (result.released + result.resent + result.unconfirmed > 0)
      deps.log.warn({ campaignId, ...result }, 'campaign recipients reconciled');
    return result;
  };

  const windowStart = new Date(now.getTime() - deps.config.campaigns.reconcileSeconds * 1000);
  const [stale] = await deps.db
    .select({ id: r.id })
    .from(r)
    .where(and(mine, isNotNull(r.sendingAt), lte(r.sendingAt, windowStart)))
    .limit(1);
  if (!stale) return report();
  // Webhooks already stored but not yet applied may hold the very status we wait for: no resend before they are.
  const backlog = await oldestUnprocessedEvent(deps.db, workspaceId, channelId);

  // The latest call whose message WhatsApp reported delivered or read: statuses reach us at least up to there.
  const evidence = rowsOf<{ upto: string | null }>(
    await deps.db.execute(sql`select max(${r.sendingAt})::text as upto from ${r}
      where ${r.workspaceId} = ${workspaceId} and ${r.campaignId} = ${campaignId}
        and (${r.deliveredAt} is not null or ${r.readAt} is not null)`),
  )[0]?.upto;
  if (evidence && !backlog) {
    const before = new Date(new Date(evidence).getTime() - EVIDENCE_MARGIN_MS);
    const resent = await deps.db
      .update(r)
      .set({
        status: 'pending',
        sendingAt: null,
        notBefore: null,
        reason: `Sent again: no status from WhatsApp within ${deps.config.campaigns.reconcileSeconds} s of a call whose answer was lost`,
        updatedAt: now,
      })
      .where(and(mine, isNotNull(r.sendingAt), lte(r.sendingAt, windowStart), sql`${r.sendingAt} < ${before.toISOString()}::timestamptz`))
      .returning({ id: r.id });
    result.resent = resent.length;
  }

  const giveUp = new Date(now.getTime() - deps.config.campaigns.unconfirmedFailHours * 3_600_000);
  const reason = 'Unconfirmed: the call’s answer was lost and WhatsApp never reported this message; not resent, to avoid a duplicate';
  const unconfirmed = await deps.db
    .update(r)
    .set({ status: 'failed', failedAt: now, reason, updatedAt: now })
    .where(and(mine, isNotNull(r.sendingAt), lte(r.sendingAt, giveUp)))
    .returning({ id: r.id, messageId: r.messageId });
  result.unconfirmed = unconfirmed.length;
  const messages = unconfirmed.flatMap((u) => (u.messageId ? [{ messageId: u.messageId, code: null, title: reason }] : []));
  await recordNotSent(deps, deps.db, workspaceId, messages);
  return report();
}

/** Ids still uncertain (called, no answer, no status), e.g. for a follow-up's timing. */
export async function oldestUncertain(deps: Deps, workspaceId: string, campaignId: string): Promise<Date | null> {
  const r = campaignRecipients;
  const [row] = await deps.db
    .select({ at: sql<Date | null>`min(${r.sendingAt})`.mapWith(r.sendingAt) })
    .from(r)
    .where(and(eq(r.workspaceId, workspaceId), eq(r.campaignId, campaignId), inArray(r.status, ['sending']), isNotNull(r.sendingAt)));
  return row?.at ?? null;
}
