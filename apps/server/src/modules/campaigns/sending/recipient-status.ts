// Recipients follow their message's WhatsApp statuses. Plugged into the conversation core at the composition root
// (jobs.ts, `inboundHooks.messageStatus`), so conversations never imports campaigns: the core applies the status to
// the message, then calls this in the same transaction. A recipient's id is its message's id, so the match is a
// primary-key update; statuses of other messages (conversations, the API send) touch no row.
//
// This is also how a crash is reconciled: a recipient left `sending` (its call's answer lost) becomes
// sent/delivered/read/failed from the status that names its message in `biz_opaque_callback_data`.
import type { RecipientStatus } from '@parley/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { MessageStatusListener } from '../../conversations';
import { campaignRecipients } from '../tables';

const r = campaignRecipients;
// pending < sending < sent < delivered < read; failed is final; skipped never changes.
const rank = (v: unknown) =>
  sql`(case ${v} when 'pending' then 0 when 'sending' then 1 when 'sent' then 2 when 'delivered' then 3 when 'read' then 4
    when 'failed' then 9 when 'skipped' then 10 else 0 end)`;
const REACHES: Record<string, RecipientStatus> = { sent: 'sent', delivered: 'delivered', read: 'read', played: 'read', failed: 'failed' };

export const followRecipientStatus: MessageStatusListener = async (deps, tx, e) => {
  const status = REACHES[e.status];
  if (!status) return;
  const at = sql`${e.at.toISOString()}::timestamptz`;
  const reached = (...s: RecipientStatus[]) => s.includes(status);
  const moves = sql`${rank(sql`${status}::text`)} > ${rank(r.status)}`;
  await tx
    .update(r)
    .set({
      status: sql`case when ${moves} then ${status} else ${r.status} end`,
      providerMessageId: sql`coalesce(${r.providerMessageId}, ${e.providerMessageId})`,
      sentAt: reached('sent', 'delivered', 'read') ? sql`coalesce(${r.sentAt}, ${at})` : r.sentAt,
      deliveredAt: reached('delivered', 'read') ? sql`coalesce(${r.deliveredAt}, ${at})` : r.deliveredAt,
      readAt: reached('read') ? sql`coalesce(${r.readAt}, ${at})` : r.readAt,
      ...(status === 'failed'
        ? {
            failedAt: sql`case when ${moves} then ${at} else ${r.failedAt} end`,
            errorCode: sql`case when ${moves} then ${e.error?.code ?? null}::int else ${r.errorCode} end`,
            reason: sql`case when ${moves} then ${failureReason(e.error)}::text else ${r.reason} end`,
          }
        : // A status clears the "awaiting status" note a lost answer left.
          { reason: sql`case when ${r.status} = 'sending' then null else ${r.reason} end` }),
      updatedAt: deps.clock.now(),
    })
    .where(and(eq(r.workspaceId, e.workspaceId), eq(r.id, e.messageId), sql`${r.status} <> 'skipped'`));
};

function failureReason(error: { code: number; title?: string; details?: string } | undefined): string {
  if (!error) return 'WhatsApp reported the message failed';
  return [error.title, error.details].filter(Boolean).join(': ') || `WhatsApp error ${error.code}`;
}
