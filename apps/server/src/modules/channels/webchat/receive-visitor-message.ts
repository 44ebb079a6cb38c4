import type { Deps } from '../../../platform/deps';
import { orderKeyOf, storeAndEnqueue, storable } from '../ingest';
import type { NormalizedMessage, NormalizedStatus } from '../normalized';
import { putInMailbox } from './mailbox';
import type { WebchatChannelRow } from './send';

export const visitorKey = (visitorId: string) => `web:${visitorId}`;

/**
 * A visitor's message, stored like any provider's inbound event (under `web:<visitor>:<client id>`, so a
 * resend after a reconnect is a no-op) with its processing enqueued — before the widget gets its ack. Then
 * mirrored into the visitor's mailbox, so their other tabs show it; that step is idempotent too, so a resend
 * repairs it if the process died in between.
 */
export async function receiveVisitorMessage(
  deps: Deps,
  channel: WebchatChannelRow,
  visitorId: string,
  msg: { clientId: string; text: string; name?: string },
): Promise<{ duplicate: boolean }> {
  const now = deps.clock.now();
  const name = msg.name?.trim();
  const event: NormalizedMessage = {
    kind: 'message',
    providerMessageId: `web:${visitorId}:${msg.clientId}`,
    at: now.toISOString(),
    from: { keys: [visitorKey(visitorId)], ...(name ? { profileName: name } : {}) },
    type: 'text',
    text: msg.text,
    content: { type: 'text', body: msg.text },
  };
  const stored = await storeAndEnqueue(deps, [
    {
      workspaceId: channel.workspaceId,
      channelId: channel.id,
      providerKey: event.providerMessageId,
      kind: 'message',
      payload: storable(event).value,
      receivedAt: now,
      orderKey: orderKeyOf(channel.id, event),
    },
  ]);
  await putInMailbox(
    deps,
    deps.db,
    { workspaceId: channel.workspaceId, channelId: channel.id, visitorId },
    { key: `in:${msg.clientId}`, direction: 'in', body: { text: msg.text }, at: now },
  );
  return { duplicate: stored === 0 };
}

/** Our messages a widget has just shown: `delivered`, through the same status path as WhatsApp's receipts. */
export async function recordDelivered(deps: Deps, channel: WebchatChannelRow, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const at = deps.clock.now();
  await storeAndEnqueue(
    deps,
    messageIds.map((id) => {
      const status: NormalizedStatus = {
        kind: 'status',
        providerMessageId: `web:${id}`,
        status: 'delivered',
        at: at.toISOString(),
        correlationId: id,
        errors: [],
      };
      // One per message, however many tabs show it.
      return {
        workspaceId: channel.workspaceId,
        channelId: channel.id,
        providerKey: `status:web:${id}:delivered`,
        kind: 'status',
        payload: status,
        receivedAt: at,
      };
    }),
  );
}
