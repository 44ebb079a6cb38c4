import type { Deps } from '../../../platform/deps';
import { AppError, invalidField, type FieldIssue } from '../../../platform/errors';
import type { TelegramChannelRow } from '../repository';
import { ChannelSendError, type OutboundRequestContent, type SendRequest, type SendResult } from '../send-contract';
import { telegramClientFor } from './client';
import { telegramMessageId } from './normalize';
import { buildSendMessage, TelegramApiError, type CallbackButton, type SendMessageBody } from './wire';

/**
 * Deliver one message with sendMessage. Buttons and list rows become an inline keyboard whose callback_data
 * is the button / row id, so a tap comes back as the same interactive reply WhatsApp gives. Telegram sends no
 * delivery receipts: an accepted message is `sent`, and stays so.
 */
export async function sendTelegram(deps: Deps, channel: TelegramChannelRow, req: SendRequest): Promise<SendResult> {
  const chatId = req.recipientKeys.find((k) => k.startsWith('tg:'))?.slice(3);
  if (!chatId) throw new ChannelSendError('no_recipient', 'The contact has no Telegram id on this channel');
  let body: SendMessageBody;
  try {
    body = toTelegram(chatId, req.content);
  } catch (err) {
    if (err instanceof AppError) throw new ChannelSendError('invalid_request', err.message, undefined, 'Invalid message', err.message);
    throw err;
  }
  try {
    const r = await telegramClientFor(deps, channel).sendMessage(body);
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

/** Telegram's limits (text ≤ 4096, callback data ≤ 64 bytes, no templates…): throws a validation AppError naming the field. */
export function validateTelegramContent(content: OutboundRequestContent): void {
  toTelegram(PROBE_CHAT, content);
}

// Any valid chat id: validation only looks at the content.
const PROBE_CHAT = '1';

function toTelegram(chatId: string, c: OutboundRequestContent): SendMessageBody {
  switch (c.type) {
    case 'text':
      return buildSendMessage({ chatId, text: c.text });
    case 'buttons':
      return buildSendMessage({ chatId, text: framed(c), buttons: (c.buttons ?? []).map((b) => ({ id: b.id, title: b.title })) });
    case 'list':
      return listMessage(chatId, c);
    case 'media':
      // The wire layer speaks sendMessage only: a media message would need sendPhoto / sendDocument.
      throw invalidField('type', 'Telegram channels cannot send media yet: send the link as text');
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
