// What the fake knows about chats: which exist (a chat becomes known once the fake delivered an update from
// it), their message ids (one counter per chat, shared by the user's and the bot's messages, like a private
// chat on Telegram), the messages (to quote and to tap) and which users blocked the bot.

export interface ChatObject {
  id: number;
  type: string;
  first_name?: string;
  last_name?: string;
  username?: string;
  title?: string;
}

export interface UserObject {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type MessageObject = Record<string, unknown> & { message_id: number; chat: ChatObject };

/** Per chat, the most recent messages kept for quoting and tapping. */
const MESSAGES_PER_CHAT = 1000;

interface ChatEntry {
  chat: ChatObject;
  nextMessageId: number;
  messages: Map<number, MessageObject>;
}

export class ChatBook {
  private readonly chats = new Map<string, ChatEntry>();
  private readonly blocked = new Set<string>();

  /** Records the chat (or refreshes its names); counters and messages are kept. */
  know(chat: ChatObject): void {
    const key = String(chat.id);
    const entry = this.chats.get(key);
    if (entry) entry.chat = { ...chat };
    else this.chats.set(key, { chat: { ...chat }, nextMessageId: 1, messages: new Map() });
  }

  chat(chatId: string): ChatObject | undefined {
    return this.chats.get(chatId)?.chat;
  }

  /** The next message_id in this chat (the chat must be known). */
  nextMessageId(chatId: string): number {
    const entry = this.chats.get(chatId);
    if (!entry) throw new Error(`chat ${chatId} is not known to the fake`);
    return entry.nextMessageId++;
  }

  /** Stores a message and moves the chat's counter past its id. */
  note(message: MessageObject): void {
    const entry = this.chats.get(String(message.chat.id));
    if (!entry) return;
    entry.nextMessageId = Math.max(entry.nextMessageId, message.message_id + 1);
    entry.messages.set(message.message_id, message);
    if (entry.messages.size > MESSAGES_PER_CHAT) {
      const oldest = entry.messages.keys().next().value;
      if (oldest !== undefined) entry.messages.delete(oldest);
    }
  }

  message(chatId: string, messageId: number): MessageObject | undefined {
    return this.chats.get(chatId)?.messages.get(messageId);
  }

  block(chatId: string): void {
    this.blocked.add(chatId);
  }

  unblock(chatId: string): void {
    this.blocked.delete(chatId);
  }

  isBlocked(chatId: string): boolean {
    return this.blocked.has(chatId);
  }

  clearBlocks(): void {
    this.blocked.clear();
  }
}
