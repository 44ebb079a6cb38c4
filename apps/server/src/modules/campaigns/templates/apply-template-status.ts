import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import type { ProviderChangeEvent } from '../../conversations';
import { messageTemplates } from '../tables';
import { templatesSyncJob } from './jobs';
import { reasonFromMeta, statusFromMeta } from './meta-mapping';
import { wabaOfChannel } from './repository';

export const TEMPLATE_STATUS_FIELD = 'message_template_status_update';

/**
 * The `message_template_status_update` webhook (reference §6.6): keeps a template's status and reason current.
 * Runs in the transaction that marks the stored webhook event processed, so a redelivery has no second effect.
 * A template we do not know (submitted elsewhere, or before its row was written) is not dropped: the WABA is
 * synced, which brings it in with its current status.
 */
export async function onTemplateStatusChange(deps: Deps, tx: Db, change: ProviderChangeEvent): Promise<void> {
  if (change.field !== TEMPLATE_STATUS_FIELD) return;
  const update = readStatusUpdate(change.value);
  if (!update) {
    deps.log.warn({ channelId: change.channelId, value: change.value }, 'unreadable template status update ignored');
    return;
  }
  // The number may have been removed since the webhook was stored: nothing of ours to update then.
  const wabaId = await wabaOfChannel(tx, change.workspaceId, change.channelId).catch(() => undefined);
  if (!wabaId) return deps.log.warn({ channelId: change.channelId }, 'template status update for a removed number ignored');
  const { status, reason } = statusFromMeta(update.event);
  const rows = await tx
    .update(messageTemplates)
    .set({ status, statusReason: reason ?? update.reason, updatedAt: deps.clock.now() })
    .where(
      and(
        eq(messageTemplates.workspaceId, change.workspaceId),
        eq(messageTemplates.wabaId, wabaId),
        eq(messageTemplates.providerTemplateId, update.templateId),
      ),
    )
    .returning({ id: messageTemplates.id });
  if (rows.length > 0) return;
  deps.log.info({ ...update, wabaId }, 'status update for a template we do not know: syncing its business account');
  await deps.queue.enqueue(
    tx,
    templatesSyncJob,
    { workspaceId: change.workspaceId, channelId: change.channelId },
    { singletonKey: `${change.workspaceId}:${change.channelId}` },
  );
}

interface StatusUpdate {
  event: string;
  templateId: string;
  name?: string;
  language?: string;
  reason: string | null;
}

function readStatusUpdate(value: unknown): StatusUpdate | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const event = typeof v.event === 'string' ? v.event : undefined;
  const id = v.message_template_id;
  const templateId = typeof id === 'number' && Number.isInteger(id) ? String(id) : typeof id === 'string' && id ? id : undefined;
  if (!event || !templateId) return undefined;
  // PAUSED / DISABLED explain themselves in other_info; REJECTED in reason (and rejection_info).
  const other = typeof v.other_info === 'object' && v.other_info !== null ? (v.other_info as Record<string, unknown>) : {};
  const described = typeof other.description === 'string' ? other.description : undefined;
  const reason = reasonFromMeta(typeof v.reason === 'string' ? v.reason : undefined) ?? described ?? null;
  return {
    event,
    templateId,
    ...(typeof v.message_template_name === 'string' ? { name: v.message_template_name } : {}),
    ...(typeof v.message_template_language === 'string' ? { language: v.message_template_language } : {}),
    reason,
  };
}
