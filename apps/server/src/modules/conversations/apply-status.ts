import { and, eq, isNull, sql } from 'drizzle-orm';
import type { NormalizedStatus } from '../channels';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import type { MessageStatusListener } from './customer-message';
import { conversations, messages } from './tables';

// queued < sent < delivered < read < played; failed is final. Updates arrive out of order and twice:
// a status only ever moves forward, and `read` also fills `delivered` when that webhook never comes.
const rank = (col: unknown) =>
  sql`(case ${col} when 'queued' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'played' then 4 when 'failed' then 9 else 0 end)`;
const known = new Set(['sent', 'delivered', 'read', 'played', 'failed']);

/**
 * Apply a provider status to our message (found by its provider id, or by the id we asked it to echo), then tell
 * the status listeners (campaign recipients follow their message) in the same transaction.
 */
export async function applyStatus(
  deps: Deps,
  tx: Db,
  workspaceId: string,
  channelId: string,
  s: NormalizedStatus,
  listeners: readonly MessageStatusListener[] = [],
): Promise<boolean> {
  if (!known.has(s.status)) {
    deps.log.info({ status: s.status, providerMessageId: s.providerMessageId }, 'status not tracked; ignored');
    return false;
  }
  const at = new Date(s.at);
  const target = await findTarget(tx, workspaceId, channelId, s);
  if (!target) {
    deps.log.debug({ providerMessageId: s.providerMessageId }, 'status for a message we did not send; ignored');
    return false;
  }
  const reached = (st: string[]) => st.includes(s.status);
  const err = s.errors[0];
  const [updated] = await tx
    .update(messages)
    .set({
      status: sql`case when ${rank(s.status)} > ${rank(messages.status)} then ${s.status} else ${messages.status} end`,
      providerMessageId: sql`coalesce(${messages.providerMessageId}, ${s.providerMessageId})`,
      sentAt: reached(['sent', 'delivered', 'read', 'played']) ? sql`coalesce(${messages.sentAt}, ${at})` : messages.sentAt,
      deliveredAt: reached(['delivered', 'read', 'played']) ? sql`coalesce(${messages.deliveredAt}, ${at})` : messages.deliveredAt,
      readAt: reached(['read', 'played']) ? sql`coalesce(${messages.readAt}, ${at})` : messages.readAt,
      ...(s.status === 'failed'
        ? {
            failedAt: sql`coalesce(${messages.failedAt}, ${at})`,
            errorCode: err?.code ?? null,
            errorTitle: err?.title ?? null,
            errorDetails: err?.details ?? null,
          }
        : {}),
      pricingCategory: s.pricingCategory ? s.pricingCategory : messages.pricingCategory,
    })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, target.id)))
    .returning({ id: messages.id, status: messages.status, conversationId: messages.conversationId });
  if (s.pricingCategory) {
    await tx
      .update(conversations)
      .set({ pricingCategory: s.pricingCategory })
      .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, target.conversationId)));
  }
  await deps.realtime.publish(tx, `workspace:${workspaceId}`, {
    name: 'message.status',
    data: { conversationId: updated!.conversationId, messageId: updated!.id, status: updated!.status },
  });
  for (const listener of listeners) {
    await listener(deps, tx, {
      workspaceId,
      channelId,
      messageId: target.id,
      status: s.status,
      providerMessageId: s.providerMessageId,
      at,
      ...(err ? { error: err } : {}),
    });
  }
  return true;
}

async function findTarget(tx: Db, workspaceId: string, channelId: string, s: NormalizedStatus) {
  const cols = { id: messages.id, conversationId: messages.conversationId };
  const [byProvider] = await tx
    .select(cols)
    .from(messages)
    .where(
      and(eq(messages.workspaceId, workspaceId), eq(messages.channelId, channelId), eq(messages.providerMessageId, s.providerMessageId)),
    )
    .for('update');
  if (byProvider) return byProvider;
  // A send whose answer was lost (timeout, crash): the status still names our message. That is how it is
  // reconciled instead of being sent twice.
  if (!s.correlationId || !/^[0-9a-f-]{36}$/i.test(s.correlationId)) return undefined;
  const [byCorrelation] = await tx
    .select(cols)
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.channelId, channelId),
        eq(messages.id, s.correlationId),
        eq(messages.direction, 'out'),
        isNull(messages.providerMessageId),
      ),
    )
    .for('update');
  return byCorrelation;
}
