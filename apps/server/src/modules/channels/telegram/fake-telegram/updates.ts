// Builders for the updates the fake delivers when it plays a user: Bot API Message, CallbackQuery and
// ChatMemberUpdated objects, shaped as Telegram sends them.
import { createHash, randomBytes } from 'node:crypto';
import type { ChatObject, MessageObject, UserObject } from './chats';
import type { FakeUser } from './types';

/** Integer ids from a number or decimal string; anything else is a test bug, thrown loudly. */
export function toId(v: number | string, what: string): number {
  const n = typeof v === 'number' ? v : /^-?\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n === 0) throw new Error(`${what} must be a non-zero integer, got ${String(v)}`);
  return n;
}

export function userObject(chatId: number, from: FakeUser = {}): UserObject {
  if (from.id === undefined && chatId < 0) throw new Error('a group chat (negative chatId) needs from.id');
  return {
    id: from.id === undefined ? chatId : toId(from.id, 'from.id'),
    is_bot: false,
    first_name: from.firstName ?? 'Test',
    ...(from.lastName !== undefined ? { last_name: from.lastName } : {}),
    ...(from.username !== undefined ? { username: from.username } : {}),
    ...(from.languageCode !== undefined ? { language_code: from.languageCode } : {}),
  };
}

/** A private chat mirrors its user's names; a negative id is a group. */
export function chatObject(chatId: number, user: UserObject): ChatObject {
  if (chatId < 0) return { id: chatId, type: String(chatId).startsWith('-100') ? 'supergroup' : 'group', title: 'Test group' };
  return {
    id: chatId,
    type: 'private',
    first_name: user.first_name,
    ...(user.last_name !== undefined ? { last_name: user.last_name } : {}),
    ...(user.username !== undefined ? { username: user.username } : {}),
  };
}

export function messageObject(
  messageId: number,
  user: UserObject,
  chat: ChatObject,
  date: number,
  content: Record<string, unknown>,
): MessageObject {
  // Identity fields come last: content cannot override who wrote where.
  return { ...content, message_id: messageId, from: user, chat, date };
}

/** Callback query ids are opaque decimal strings on Telegram. */
export const newCallbackQueryId = (): string => BigInt(`0x${randomBytes(8).toString('hex')}`).toString();

/** chat_instance: stable per chat, opaque. */
export const chatInstance = (chatId: number): string =>
  `-${BigInt(`0x${createHash('sha256').update(String(chatId)).digest('hex').slice(0, 15)}`).toString()}`;

/** The my_chat_member update Telegram sends when a user blocks (kicked) or restarts (member) the bot. */
export function myChatMember(chat: ChatObject, user: UserObject, bot: UserObject, date: number, blocked: boolean): Record<string, unknown> {
  const member = { user: bot, status: 'member' };
  const kicked = { user: bot, status: 'kicked', until_date: 0 };
  return {
    chat,
    from: user,
    date,
    old_chat_member: blocked ? member : kicked,
    new_chat_member: blocked ? kicked : member,
  };
}
