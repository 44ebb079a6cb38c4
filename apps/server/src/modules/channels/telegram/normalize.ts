// Parsed Telegram updates → the channel-agnostic events the conversation core consumes. Content is shaped like
// WhatsApp's normalised content (text / image / location / contacts / interactive…), so the core and the bot
// read both alike; a tap on an inline button is an `interactive` button_reply whose `id` is the callback data.
import { cap, ownArray, ownRecord, ownString } from './wire/read';
import type { NormalizedEvent, NormalizedMessage } from '../normalized';
import type { TelegramCallbackItem, TelegramContent, TelegramMessageItem, ParsedUpdate, TelegramUser } from './wire';

export interface NormalizedUpdate {
  /** The dedupe key: `tg:<update_id>` (Telegram retries a delivery under the same id). */
  key: string;
  event: NormalizedEvent;
  /** Set for an inline-button tap: Telegram shows a spinner until it is answered. */
  callbackQueryId?: string;
}

/** Our id of a Telegram message: message ids are unique within a chat only. */
export const telegramMessageId = (chatId: string | number, messageId: number) => `tg:${chatId}:${messageId}`;
export const telegramIdentityKey = (userId: string) => `tg:${userId}`;

/**
 * One update → at most one event (Telegram sends one content field per update). Anything that cannot be
 * used is described in `problems`: a group chat, another bot, a tap without data, extra fields.
 */
export function normalizeTelegramUpdate(parsed: ParsedUpdate, body: unknown): { update: NormalizedUpdate | null; problems: string[] } {
  const problems = [...parsed.problems];
  if (parsed.updateId === null) return { update: null, problems: [...problems, 'no usable update_id: nothing stored'] };
  const key = `tg:${parsed.updateId}`;
  let update: NormalizedUpdate | null = null;
  for (const item of parsed.items) {
    if (update) {
      problems.push(`extra ${item.kind} item in update ${parsed.updateId} ignored`);
      continue;
    }
    if (item.kind === 'other') {
      update = { key, event: { kind: 'other', field: item.updateType, value: null } };
      continue;
    }
    const why = unusable(item);
    if (why) {
      problems.push(why);
      continue;
    }
    if (item.kind === 'message') update = { key, event: fromMessage(item, parsed.updateId) };
    else update = { key, event: fromCallback(item, body), callbackQueryId: item.callbackQueryId };
  }
  return { update, problems };
}

// Parley serves one-to-one chats: the customer's user id is the chat a reply goes to.
function unusable(item: TelegramMessageItem | TelegramCallbackItem): string | undefined {
  if (item.from.isBot) return `a ${item.kind} from another bot (${item.from.id}) ignored`;
  if (item.kind === 'message' && item.chatType !== 'private')
    return `a message in a ${item.chatType} chat ignored: only private chats are served`;
  if (item.chatId !== item.from.id) return `a ${item.kind} in chat ${item.chatId}, not the user's private chat, ignored`;
  if (item.kind === 'callback' && item.data === null) return `a button tap without usable callback data ignored`;
  return undefined;
}

function sender(u: TelegramUser): NormalizedMessage['from'] {
  const name = [u.firstName, u.lastName].filter((s) => s && s.trim() !== '').join(' ');
  return { keys: [telegramIdentityKey(u.id)], profileName: name || u.username || undefined };
}

function fromMessage(m: TelegramMessageItem, updateId: number): NormalizedMessage {
  const { type, content } = mapContent(m.content);
  const ownId = telegramMessageId(m.chatId, m.messageId);
  const base = {
    kind: 'message' as const,
    at: (m.editedAt ?? m.at).toISOString(),
    from: sender(m.from),
    text: m.text,
    ...(m.replyToMessageId ? { replyToProviderId: telegramMessageId(m.chatId, m.replyToMessageId) } : {}),
  };
  // An edit is a new event about an old message (as WhatsApp's `edit`): its own id, the original named inside.
  if (m.edited) {
    return {
      ...base,
      providerMessageId: `${ownId}:edit:${updateId}`,
      type: 'edit',
      content: { type: 'edit', originalMessageId: ownId, edited: content, raw: m.raw },
    };
  }
  return { ...base, providerMessageId: ownId, type, content: { ...content, raw: m.raw } };
}

function fromCallback(c: TelegramCallbackItem, body: unknown): NormalizedMessage {
  const id = c.data ?? '';
  const title = buttonTitle(body, id);
  return {
    kind: 'message',
    providerMessageId: `tg:callback:${c.callbackQueryId}`,
    at: c.at.toISOString(),
    from: sender(c.from),
    type: 'interactive',
    // What the customer "said" is the button they tapped; its id is what the bot matches on.
    text: title ?? id,
    content: { type: 'interactive', replyType: 'button_reply', id, title: title ?? id, callbackQueryId: c.callbackQueryId },
    ...(c.messageId ? { replyToProviderId: telegramMessageId(c.chatId, c.messageId) } : {}),
  };
}

// The tapped message comes with its keyboard: the button's label is read from it (a bounded scan).
const MAX_ROWS = 100;
function buttonTitle(body: unknown, data: string): string | undefined {
  const rows = ownArray(ownRecord(ownRecord(ownRecord(body, 'callback_query'), 'message'), 'reply_markup'), 'inline_keyboard');
  for (const row of (rows ?? []).slice(0, MAX_ROWS)) {
    if (!Array.isArray(row)) continue;
    for (const b of row.slice(0, MAX_ROWS)) {
      if (ownString(b, 'callback_data', 65) === data) {
        const text = ownString(b, 'text', 1024);
        return text && text.trim() !== '' ? cap(text, 256).value : undefined;
      }
    }
  }
  return undefined;
}

/** Telegram's content in WhatsApp's normalised shapes (file ids stay Telegram's: `fileId`, never `mediaId`). */
function mapContent(c: TelegramContent): { type: string; content: Record<string, unknown> } {
  switch (c.type) {
    case 'text':
      return { type: 'text', content: { type: 'text', body: c.body, ...(c.entities.length ? { entities: c.entities } : {}) } };
    case 'photo': {
      const { type: _t, sizes: _s, ...file } = c;
      return { type: 'image', content: { type: 'image', mimeType: 'image/jpeg', ...file } };
    }
    case 'document': {
      const { type: _t, fileName, ...file } = c;
      return {
        type: 'document',
        content: {
          type: 'document',
          ...file,
          mimeType: c.mimeType ?? 'application/octet-stream',
          ...(fileName ? { filename: fileName } : {}),
        },
      };
    }
    case 'voice': {
      const { type: _t, ...file } = c;
      return { type: 'audio', content: { type: 'audio', ...file, mimeType: c.mimeType ?? 'audio/ogg', voice: true } };
    }
    case 'audio': {
      const { type: _t, fileName, ...file } = c;
      return {
        type: 'audio',
        content: { type: 'audio', ...file, mimeType: c.mimeType ?? 'audio/mpeg', ...(fileName ? { filename: fileName } : {}) },
      };
    }
    case 'video': {
      const { type: _t, fileName, ...file } = c;
      return {
        type: 'video',
        content: { type: 'video', ...file, mimeType: c.mimeType ?? 'video/mp4', ...(fileName ? { filename: fileName } : {}) },
      };
    }
    case 'sticker': {
      const { type: _t, isAnimated, isVideo, ...file } = c;
      return { type: 'sticker', content: { type: 'sticker', ...file, animated: isAnimated || isVideo } };
    }
    case 'location':
      return {
        type: 'location',
        content: {
          type: 'location',
          latitude: c.latitude,
          longitude: c.longitude,
          ...(c.venue ? { name: c.venue.title, address: c.venue.address } : {}),
          ...(c.horizontalAccuracy !== undefined ? { horizontalAccuracy: c.horizontalAccuracy } : {}),
          ...(c.livePeriod !== undefined ? { livePeriod: c.livePeriod } : {}),
        },
      };
    case 'contact': {
      const formatted = [c.firstName, c.lastName].filter(Boolean).join(' ');
      // The card as WhatsApp shapes one (name + phones), so one renderer serves both.
      const card = {
        name: { formatted_name: formatted, first_name: c.firstName, ...(c.lastName ? { last_name: c.lastName } : {}) },
        phones: [{ phone: c.phoneNumber }],
        ...(c.userId ? { telegram_user_id: c.userId } : {}),
        ...(c.vcard ? { vcard: c.vcard } : {}),
      };
      return { type: 'contacts', content: { type: 'contacts', contacts: [card], formattedNames: formatted ? [formatted] : [] } };
    }
    case 'unknown':
      return { type: 'unknown', content: { type: 'unknown', rawType: c.rawType } };
  }
}
