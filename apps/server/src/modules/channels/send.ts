import type { Deps } from '../../platform/deps';
import type { ChannelKind } from './tables';
import type { ChannelRow } from './repository';
import { type OutboundRequestContent, type SendRequest, type SendResult } from './send-contract';
import { sendTelegram, validateTelegramContent } from './telegram/send';
import { sendWebchat } from './webchat';
import { sendWhatsApp, validateWhatsAppContent } from './whatsapp/send';

export { ChannelSendError } from './send-contract';
export type { ChannelSendErrorClass, OutboundRequestContent, SendRequest, SendResult } from './send-contract';

/** Hand one message to the channel's provider; each kind builds its own request from the shared content. */
export async function sendOutbound(deps: Deps, channel: ChannelRow, req: SendRequest): Promise<SendResult> {
  switch (channel.kind) {
    case 'whatsapp':
      return sendWhatsApp(deps, channel, req);
    case 'telegram':
      return sendTelegram(deps, channel, req);
    case 'webchat':
      return sendWebchat(deps, channel, req);
  }
}

/**
 * Check a message against the channel's limits before it is queued (WhatsApp: button titles ≤ 20, list rows
 * ≤ 24…; Telegram: callback data ≤ 64 bytes, no templates…): a 400 naming the field now, rather than a failed
 * message later. Without a kind, WhatsApp's rules apply (the strictest).
 */
export function validateOutboundContent(content: OutboundRequestContent, kind: ChannelKind = 'whatsapp'): void {
  switch (kind) {
    case 'whatsapp':
      return validateWhatsAppContent(content);
    case 'telegram':
      return validateTelegramContent(content);
    case 'webchat':
      return;
  }
}
