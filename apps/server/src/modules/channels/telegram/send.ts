import type { Deps } from '../../../platform/deps';
import { AppError, invalidField, type FieldIssue } from '../../../platform/errors';
import { attachedFileOf } from '../outbound-media';
import type { TelegramChannelRow } from '../repository';
import { ChannelSendError, type OutboundRequestContent, type SendRequest, type SendResult } from '../send-contract';
import { telegramClientFor } from './client';
import { telegramMessageId } from './normalize';
import {
  buildSendMedia,
  buildSendMessage,
  TelegramApiError,
  type CallbackButton,
  type SendMediaInput,
  type SendMediaRequest,
  type SendMessageBody,
  type TelegramMediaType,
} from './wire';

type MediaContent = Extract<OutboundRequestContent, { type: 'media' }>;

/** A 50 MB upload takes far longer than a text message: the deadline covers the whole body. */
const MEDIA_TIMEOUT_MS = 120_000;

/**
 * Deliver one message with sendMessage, or an attached file with sendPhoto / sendVideo / sendAudio / sendDocument
 * (multipart, the file's own bytes). Buttons and list rows become an inline keyboard whose callback_data is the
 * button / row id, so a tap comes back as the same interactive reply WhatsApp gives. Telegram sends no delivery
 * receipts: an accepted message is `sent`, and stays so.
 */
export async function sendTelegram(deps: Deps, channel: TelegramChannelRow, req: SendRequest): Promise<SendResult> {
  const chatId = req.recipientKeys.find((k) => k.startsWith('tg:'))?.slice(3);
  if (!chatId) throw new ChannelSendError('no_recipient', 'The contact has no Telegram id on this channel');
  const c = req.content;
  let body: SendMessageBody | SendMediaRequest;
  try {
    body = c.type === 'media' ? mediaRequest(chatId, c, await storedFile(deps, channel, c)) : toTelegram(chatId, c);
  } catch (err) {
    if (err instanceof AppError) throw new ChannelSendError('invalid_request', err.message, undefined, 'Invalid message', err.message);
    throw err;
  }
  try {
    const r =
      'method' in body
        ? await telegramClientFor(deps, channel, MEDIA_TIMEOUT_MS).sendMedia(body)
        : await telegramClientFor(deps, channel).sendMessage(body);
    return { providerMessageId: telegramMessageId(r.chatId ?? chatId, r.messageId), status: 'sent' };
  } catch (err) {
    if (err instanceof TelegramApiError) {
      throw new ChannelSendError(
        err.classification,
        err.message,
        err.errorCode ?? undefined,
        err.description,
        undefined,
        err.ambiguous,
        err.retryAfter,
      );
    }
    throw err;
  }
}

/**
 * Telegram's limits (text ≤ 4096, callback data ≤ 64 bytes, captions ≤ 1024, no templates…): throws a validation
 * AppError naming the field.
 */
export function validateTelegramContent(content: OutboundRequestContent): void {
  if (content.type === 'media') mediaRequest(PROBE_CHAT, content, PROBE_FILE);
  else toTelegram(PROBE_CHAT, content);
}

// Any valid chat id and file: validation only looks at the content (the file was checked when it was attached).
const PROBE_CHAT = '1';
const PROBE_FILE: SendMediaInput['file'] = { bytes: new Uint8Array(1), filename: 'file', mimeType: 'application/octet-stream' };

/** The stored file a media message sends, with the name Telegram shows (a document's own name when it has one). */
async function storedFile(deps: Deps, channel: TelegramChannelRow, c: MediaContent): Promise<SendMediaInput['file']> {
  if (!c.fileId) return PROBE_FILE; // refused by mediaRequest, naming fileId
  const row = await attachedFileOf(deps, { workspaceId: channel.workspaceId, channelId: channel.id, fileId: c.fileId });
  return { bytes: row.bytes, mimeType: row.mimeType, filename: c.filename ?? row.filename ?? c.fileId };
}

/** A media message as a multipart Bot API call: only attached files go (no Graph media ids, no links). */
function mediaRequest(chatId: string, c: MediaContent, file: SendMediaInput['file']): SendMediaRequest {
  if (!c.fileId) throw invalidField('fileId', 'Telegram channels send attached files only: upload the file, then send its fileId');
  if (c.mediaType === 'sticker') throw invalidField('mediaType', 'Telegram channels cannot send stickers');
  const mediaType: TelegramMediaType = c.mediaType;
  return buildSendMedia({ chatId, mediaType, file, ...(c.caption !== undefined ? { caption: c.caption } : {}) });
}

function toTelegram(chatId: string, c: Exclude<OutboundRequestContent, MediaContent>): SendMessageBody {
  switch (c.type) {
    case 'text':
      return buildSendMessage({ chatId, text: c.text });
    case 'buttons':
      return buildSendMessage({ chatId, text: framed(c), buttons: (c.buttons ?? []).map((b) => ({ id: b.id, title: b.title })) });
    case 'list':
      return listMessage(chatId, c);
    case 'template':
      throw invalidField('type', 'Telegram has no templates: send a text message');
    case 'reaction':
      throw invalidField('type', 'Telegram channels cannot send reactions');
  }
}

/** Telegram has no header or footer: they frame the text, as the customer would read them on WhatsApp. */
function framed(c: { text: string; header?: string; footer?: string }): string {
  return [c.header, c.text, c.footer].filter((s) => typeof s === 'string' && s.trim() !== '').join('\n\n');
}

/** One keyboard row per list row, in order; problems are named by the row's place in its section. */
function listMessage(chatId: string, c: Extract<OutboundRequestContent, { type: 'list' }>): SendMessageBody {
  const places: string[] = [];
  const buttons: CallbackButton[] = [];
  (Array.isArray(c.sections) ? c.sections : []).forEach((s, si) =>
    (Array.isArray(s?.rows) ? s.rows : []).forEach((r, ri) => {
      places.push(`sections[${si}].rows[${ri}]`);
      buttons.push({ id: r?.id, title: r?.title });
    }),
  );
  if (buttons.length === 0) throw invalidField('sections', 'must have at least one row');
  try {
    return buildSendMessage({ chatId, text: framed(c), buttons });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const issues = (err.details.issues ?? []).map((i): FieldIssue => ({
      ...i,
      field: i.field.replace(/^buttons\[(\d+)\]/, (_, n: string) => places[Number(n)] ?? `buttons[${n}]`),
    }));
    throw new AppError('validation_failed', issues.map((i) => `${i.field}: ${i.message}`).join('; ') || err.message, { issues });
  }
}
