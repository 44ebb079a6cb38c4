// parseUpdate: one webhook POST body (a Bot API Update) → its update_id plus a flat list of items.
// Never throws, on any input: hostile bodies yield problems, not exceptions.
import { parseContent } from './inbound-content';
import type { ParsedUpdate, TelegramCallbackItem, TelegramItem, TelegramMessageItem, TelegramUser } from './inbound-types';
import {
  cap,
  compact,
  describe,
  isRecord,
  own,
  ownBoolean,
  ownIdString,
  ownInt,
  ownRecord,
  ownString,
  ownToken,
  Problems,
  type JsonRecord,
} from './read';

export interface ParseOptions {
  /** Stand-in for bad dates and the time of callback queries; a fake clock in tests. Defaults to the current time. */
  now?: Date;
}

/** Telegram sends one content field per update; a body with more than this many is not worth reading further. */
const MAX_UPDATE_FIELDS = 16;
/** callback_data is at most 64 bytes (Bot API InlineKeyboardButton). */
export const CALLBACK_DATA_MAX_BYTES = 64;

function user(v: unknown): TelegramUser | undefined {
  const id = ownIdString(v, 'id');
  if (id === undefined) return undefined;
  return compact({
    id,
    isBot: ownBoolean(v, 'is_bot') === true ? (true as const) : undefined,
    firstName: ownString(v, 'first_name'),
    lastName: ownString(v, 'last_name'),
    username: ownString(v, 'username', 64),
    languageCode: ownString(v, 'language_code', 35),
  });
}

/** Unix seconds (an integer number); anything else becomes `now` with a note, so a bad clock never drops a message. */
function timestamp(obj: JsonRecord, key: string, now: Date, where: string, problems: Problems): Date {
  const v = own(obj, key);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
    const d = new Date(v * 1000);
    if (!Number.isNaN(d.getTime())) return d;
  }
  problems.add(`${where}.${key}: bad date ${describe(v)}, using the parse time`);
  return new Date(now.getTime());
}

const positive = (n: number | undefined): number | undefined => (n !== undefined && n > 0 ? n : undefined);

/** Null (with a note) when the message lacks a chat id or message id: without them it cannot be stored or answered. */
function parseMessage(msg: unknown, edited: boolean, where: string, now: Date, problems: Problems): TelegramMessageItem | null {
  if (!isRecord(msg)) {
    problems.add(`${where} is ${describe(msg)}, not an object`);
    return null;
  }
  const chat = ownRecord(msg, 'chat');
  const chatId = ownIdString(chat, 'id');
  if (chatId === undefined) {
    problems.add(`${where}: message without a chat id skipped`);
    return null;
  }
  const messageId = positive(ownInt(msg, 'message_id'));
  if (messageId === undefined) {
    problems.add(`${where}: message without a message_id skipped`);
    return null;
  }
  let from = user(own(msg, 'from'));
  if (!from) {
    // Channel posts and anonymous group admins have no `from`; in a private chat the chat is the user.
    problems.add(`${where}: message without a sender, using the chat`);
    from = compact({
      id: chatId,
      firstName: ownString(chat, 'first_name') ?? ownString(chat, 'title'),
      lastName: ownString(chat, 'last_name'),
      username: ownString(chat, 'username', 64),
    });
  }
  const { type, content, text } = parseContent(msg, where, problems);
  return compact({
    kind: 'message' as const,
    chatId,
    chatType: ownString(chat, 'type', 32) ?? 'unknown',
    messageId,
    at: timestamp(msg, 'date', now, where, problems),
    editedAt: edited && own(msg, 'edit_date') !== undefined ? timestamp(msg, 'edit_date', now, where, problems) : undefined,
    from,
    type,
    text,
    content,
    // Only the id: reply_to_message is a whole message, and it is never walked (hostile depth stays unread).
    replyToMessageId: positive(ownInt(ownRecord(msg, 'reply_to_message'), 'message_id')),
    mediaGroupId: ownToken(msg, 'media_group_id', 64),
    edited,
    raw: msg,
  });
}

function parseCallback(q: unknown, where: string, now: Date, problems: Problems): TelegramCallbackItem | null {
  if (!isRecord(q)) {
    problems.add(`${where} is ${describe(q)}, not an object`);
    return null;
  }
  const callbackQueryId = ownToken(q, 'id', 256);
  if (callbackQueryId === undefined) {
    problems.add(`${where}: callback query without an id skipped`);
    return null;
  }
  const from = user(own(q, 'from'));
  if (!from) {
    problems.add(`${where}: callback query without a sender skipped`);
    return null;
  }
  const message = ownRecord(q, 'message');
  const inlineMessageId = ownToken(q, 'inline_message_id', 256);
  let chatId = ownIdString(ownRecord(message, 'chat'), 'id');
  if (chatId === undefined) {
    if (inlineMessageId === undefined) problems.add(`${where}: callback query without a message chat, using the user's private chat`);
    chatId = from.id;
  }
  const rawData = own(q, 'data');
  let data: string | null = null;
  if (typeof rawData === 'string') {
    // UTF-16 length over 64 implies more than 64 UTF-8 bytes, so huge strings are refused without being encoded.
    if (rawData.length <= CALLBACK_DATA_MAX_BYTES && Buffer.byteLength(rawData, 'utf8') <= CALLBACK_DATA_MAX_BYTES)
      data = cap(rawData, 64).value;
    // Never truncate: a cut-down forged value could match one of our real button ids.
    else problems.add(`${where}.data: longer than ${CALLBACK_DATA_MAX_BYTES} bytes, ignored`);
  } else if (rawData !== undefined) problems.add(`${where}.data is ${describe(rawData)}, not a string`);
  return compact({
    kind: 'callback' as const,
    callbackQueryId,
    chatId,
    messageId: positive(ownInt(message, 'message_id')),
    inlineMessageId,
    from,
    data,
    at: new Date(now.getTime()),
  });
}

function guard<T>(fn: () => T | null, where: string, problems: Problems): T | null {
  try {
    return fn();
  } catch {
    problems.add(`${where}: unreadable, skipped`);
    return null;
  }
}

function walk(body: unknown, now: Date, problems: Problems, out: { updateId: number | null; items: TelegramItem[] }): void {
  if (!isRecord(body)) {
    problems.add(`body is ${describe(body)}, not an object`);
    return;
  }
  const rawId = own(body, 'update_id');
  const id = typeof rawId === 'number' ? ownInt(body, 'update_id') : undefined;
  if (id !== undefined && id >= 0) out.updateId = id;
  else problems.add(`update_id is ${describe(rawId)}, not a non-negative integer`);

  let fields = Object.keys(body).filter((k) => k !== 'update_id');
  if (fields.length === 0) problems.add('update without any content');
  if (fields.length > 1) problems.add(`update carries ${fields.length} fields, Telegram sends one`);
  if (fields.length > MAX_UPDATE_FIELDS) fields = fields.slice(0, MAX_UPDATE_FIELDS);
  for (const field of fields) {
    const name = cap(field, 64).value;
    // Each field is guarded on its own: a throwing getter on one must not cost the update id or the others.
    const item = guard(() => readField(body, field, name, now, problems), name, problems);
    if (item) out.items.push(item);
  }
}

function readField(body: JsonRecord, field: string, name: string, now: Date, problems: Problems): TelegramItem | null {
  const value = own(body, field);
  if (field === 'message' || field === 'edited_message') return parseMessage(value, field === 'edited_message', name, now, problems);
  if (field === 'callback_query') return parseCallback(value, name, now, problems);
  // my_chat_member (the user blocked or restarted the bot), channel_post, inline_query, …: surfaced untouched.
  return { kind: 'other', updateType: name };
}

/**
 * Normalise one webhook body (already JSON-parsed, secret token already verified). Telegram sends one
 * update per POST; `updateId` is the dedupe key (deliveries are retried). Skipped or repaired parts are
 * described in `problems`.
 */
export function parseUpdate(body: unknown, options: ParseOptions = {}): ParsedUpdate {
  const now = options.now ?? new Date();
  const problems = new Problems();
  const out: { updateId: number | null; items: TelegramItem[] } = { updateId: null, items: [] };
  try {
    walk(body, now, problems, out);
  } catch {
    // Last line of defence (exotic objects such as throwing getters or proxies): keep what was parsed.
    problems.add('body could not be read completely');
  }
  return { updateId: out.updateId, items: out.items, problems: problems.done() };
}
