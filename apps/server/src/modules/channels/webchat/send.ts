import type { Deps } from '../../../platform/deps';
import type { ChannelRowOf } from '../repository';
import { ChannelSendError, type OutboundRequestContent, type SendRequest, type SendResult } from '../send-contract';
import { putInMailbox } from './mailbox';
import type { WidgetMessageBody } from './tables';

export type WebchatChannelRow = ChannelRowOf<'webchat'>;

/**
 * Deliver a message to a website visitor. The message row already exists (the conversation core queued it);
 * sending puts it in the visitor's mailbox — once, whatever the retries — and wakes their open widgets on
 * any node. A visitor who is offline reads it from the mailbox when their widget next says hello.
 */
export async function sendWebchat(deps: Deps, channel: WebchatChannelRow, req: SendRequest): Promise<SendResult> {
  const visitorId = req.recipientKeys.find((k) => k.startsWith('web:'))?.slice(4);
  if (!visitorId) throw new ChannelSendError('no_recipient', 'The contact has no website visitor id on this channel');
  await putInMailbox(
    deps,
    deps.db,
    { workspaceId: channel.workspaceId, channelId: channel.id, visitorId },
    { key: `out:${req.correlationId}`, direction: 'out', body: widgetBody(req.content), at: deps.clock.now() },
  );
  // In the mailbox is as far as "sent" goes; the widget's sockets report "delivered" when they show it.
  return { providerMessageId: `web:${req.correlationId}`, status: 'sent' };
}

/**
 * What a widget shows for any content: text, with choices as options the visitor can tap (sent back as that
 * text, which is what the bot's numbered menus and keyword matching expect). Media and templates become text.
 */
export function widgetBody(c: OutboundRequestContent): WidgetMessageBody {
  switch (c.type) {
    case 'text':
      return { text: c.text };
    case 'buttons':
      return { text: joinLines(c.header, c.text, c.footer), options: c.buttons.map((b) => b.title) };
    case 'list':
      return { text: joinLines(c.header, c.text, c.footer), options: c.sections.flatMap((s) => s.rows.map((r) => r.title)) };
    case 'media':
      return { text: joinLines(c.caption ?? (c.text || `[${c.mediaType}]`), c.link) };
    case 'template':
      return { text: c.text };
    case 'reaction':
      return { text: c.emoji };
  }
}

const joinLines = (...parts: Array<string | undefined>) => parts.filter((p) => p && p.trim()).join('\n');
