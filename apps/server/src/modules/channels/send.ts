import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { openSecrets, type ChannelRow } from './repository';
import {
  buildListMessage,
  buildMediaMessage,
  buildReactionMessage,
  buildReplyButtonsMessage,
  buildTemplateMessage,
  buildTextMessage,
  type Addressing,
  type ListSection,
  type OutboundMediaType,
  type ReplyButton,
  type TemplateButton,
  type TemplateParameter,
  createGraphClient,
  GraphApiError,
  retryable,
  type GraphErrorClass,
  type OutboundMessageBody,
} from './whatsapp/wire';

/**
 * What the conversation core asks a channel to deliver. Channel-agnostic and stored as the message's content;
 * `text` is always a plain-text summary (previews, search).
 */
export type OutboundRequestContent =
  | { type: 'text'; text: string; previewUrl?: boolean }
  | { type: 'media'; text: string; mediaType: OutboundMediaType; id?: string; link?: string; caption?: string; filename?: string }
  | { type: 'buttons'; text: string; buttons: ReplyButton[]; header?: string; footer?: string }
  | { type: 'list'; text: string; button: string; sections: ListSection[]; header?: string; footer?: string }
  | {
      type: 'template';
      text: string;
      name: string;
      language: string;
      header?: TemplateParameter[];
      body?: TemplateParameter[];
      buttons?: TemplateButton[];
    }
  | { type: 'reaction'; text: string; targetProviderId: string; emoji: string };

export interface SendRequest {
  /** The contact's identity keys on this channel (wa:<digits>, bsuid:<id>). */
  recipientKeys: string[];
  content: OutboundRequestContent;
  /** Our message id, echoed in status webhooks so a lost answer can be reconciled. */
  correlationId: string;
}

export interface SendResult {
  providerMessageId: string;
  /** The key the provider says this person has, when it differs from what we sent (Brazil's mobile 9). */
  recipientKey?: string;
}

/** A provider refusal, classified so the caller knows whether to retry. */
export class ChannelSendError extends Error {
  constructor(
    readonly classification: GraphErrorClass | 'invalid_request' | 'no_recipient',
    message: string,
    readonly code?: number,
    readonly title?: string,
    readonly details?: string,
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }

  get retryable(): boolean {
    return this.classification !== 'invalid_request' && this.classification !== 'no_recipient' && retryable(this.classification);
  }
}

const SEND_TIMEOUT_MS = 15_000;

export async function sendOutbound(deps: Deps, channel: ChannelRow, req: SendRequest): Promise<SendResult> {
  const body = buildBody(req);
  const secrets = openSecrets(deps.secrets, channel);
  const client = createGraphClient({
    baseUrl: channel.settings.graphBaseUrl,
    version: channel.settings.graphVersion,
    phoneNumberId: channel.settings.phoneNumberId,
    accessToken: secrets.accessToken,
    timeoutMs: SEND_TIMEOUT_MS,
  });
  try {
    const r = await client.sendMessage(body);
    const sentTo = body.to?.replace(/^\+/, '');
    return { providerMessageId: r.wamid, recipientKey: r.waId && r.waId !== sentTo ? `wa:${r.waId}` : undefined };
  } catch (err) {
    if (err instanceof GraphApiError) {
      throw new ChannelSendError(
        err.classification,
        err.message,
        err.code ?? undefined,
        err.title ?? undefined,
        err.details ?? undefined,
        err.ambiguous,
      );
    }
    throw err;
  }
}

function buildBody(req: SendRequest): OutboundMessageBody {
  const wa = req.recipientKeys.find((k) => k.startsWith('wa:'))?.slice(3);
  const bsuid = req.recipientKeys.find((k) => k.startsWith('bsuid:'))?.slice(6);
  if (!wa && !bsuid) throw new ChannelSendError('no_recipient', 'The contact has no WhatsApp id on this channel');
  const addressing: Addressing = { ...(wa ? { to: wa } : { recipient: bsuid }), bizOpaqueCallbackData: req.correlationId };
  try {
    return toWhatsApp(addressing, req.content);
  } catch (err) {
    if (err instanceof AppError) throw new ChannelSendError('invalid_request', err.message, undefined, 'Invalid message', err.message);
    throw err;
  }
}

function toWhatsApp(a: Addressing, c: OutboundRequestContent): OutboundMessageBody {
  switch (c.type) {
    case 'text':
      return buildTextMessage({ ...a, body: c.text, previewUrl: c.previewUrl });
    case 'media':
      return buildMediaMessage({ ...a, mediaType: c.mediaType, id: c.id, link: c.link, caption: c.caption, filename: c.filename });
    case 'buttons':
      return buildReplyButtonsMessage({ ...a, body: c.text, buttons: c.buttons, header: c.header, footer: c.footer });
    case 'list':
      return buildListMessage({ ...a, body: c.text, button: c.button, sections: c.sections, header: c.header, footer: c.footer });
    case 'template':
      return buildTemplateMessage({ ...a, name: c.name, languageCode: c.language, header: c.header, body: c.body, buttons: c.buttons });
    case 'reaction':
      return buildReactionMessage({ ...a, messageId: c.targetProviderId, emoji: c.emoji });
  }
}

// Any well-formed number: validation only looks at the content.
const PROBE: Addressing = { to: '15550000000' };

/**
 * Check a message against the channel's limits before it is queued (button titles ≤ 20, list rows ≤ 24,
 * body ≤ 1024…): a 400 naming the field now, rather than a failed message later.
 */
export function validateOutboundContent(content: OutboundRequestContent): void {
  toWhatsApp(PROBE, content);
}
