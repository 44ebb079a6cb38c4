import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { whatsappMediaIdOf } from '../outbound-media';
import type { WhatsAppChannelRow } from '../repository';
import { ChannelSendError, type OutboundRequestContent, type SendRequest, type SendResult } from '../send-contract';
import {
  buildListMessage,
  buildMediaMessage,
  buildReactionMessage,
  buildReplyButtonsMessage,
  buildTemplateMessage,
  buildTextMessage,
  GraphApiError,
  type Addressing,
  type OutboundMessageBody,
} from './wire';
import { graphClientFor } from './graph-clients';

const SEND_TIMEOUT_MS = 15_000;

/** Deliver one message through the Graph API; refusals come back as classified ChannelSendErrors. */
export async function sendWhatsApp(deps: Deps, channel: WhatsAppChannelRow, req: SendRequest): Promise<SendResult> {
  const client = graphClientFor(deps.secrets, channel, SEND_TIMEOUT_MS);
  try {
    // An attached file travels as a media id: upload it first (once; the id is kept for the next send).
    const c = req.content;
    const uploadedId =
      c.type === 'media' && c.fileId
        ? await whatsappMediaIdOf(deps, client, { workspaceId: channel.workspaceId, channelId: channel.id, fileId: c.fileId })
        : undefined;
    const body = buildBody(req, uploadedId);
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

function buildBody(req: SendRequest, uploadedId?: string): OutboundMessageBody {
  const wa = req.recipientKeys.find((k) => k.startsWith('wa:'))?.slice(3);
  const bsuid = req.recipientKeys.find((k) => k.startsWith('bsuid:'))?.slice(6);
  if (!wa && !bsuid) throw new ChannelSendError('no_recipient', 'The contact has no WhatsApp id on this channel');
  const addressing: Addressing = { ...(wa ? { to: wa } : { recipient: bsuid }), bizOpaqueCallbackData: req.correlationId };
  try {
    return toWhatsApp(addressing, req.content, uploadedId);
  } catch (err) {
    if (err instanceof AppError) throw new ChannelSendError('invalid_request', err.message, undefined, 'Invalid message', err.message);
    throw err;
  }
}

/** `uploadedId`: the media id an attached file got; checking content alone, any well-formed id stands in for it. */
function toWhatsApp(a: Addressing, c: OutboundRequestContent, uploadedId?: string): OutboundMessageBody {
  switch (c.type) {
    case 'text':
      return buildTextMessage({ ...a, body: c.text, previewUrl: c.previewUrl });
    case 'media': {
      const id = c.fileId ? (uploadedId ?? PROBE_MEDIA_ID) : c.id;
      return buildMediaMessage({ ...a, mediaType: c.mediaType, id, link: c.link, caption: c.caption, filename: c.filename });
    }
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

// Any well-formed number and media id: validation only looks at the content.
const PROBE: Addressing = { to: '15550000000' };
const PROBE_MEDIA_ID = '1';

/** WhatsApp's limits (button titles ≤ 20, list rows ≤ 24, body ≤ 1024…): throws a validation AppError naming the field. */
export function validateWhatsAppContent(content: OutboundRequestContent): void {
  toWhatsApp(PROBE, content);
}
