// The normalised shapes parseUpdate produces (Bot API Update, Message, CallbackQuery). Downstream code
// depends on these, never on Telegram's raw JSON, so protocol drift stays inside this folder.

export type TelegramMessageType =
  'text' | 'photo' | 'document' | 'voice' | 'audio' | 'video' | 'sticker' | 'location' | 'contact' | 'unknown';

/** A Telegram user. `id` is the int64 user id as a decimal string: the stable identity of a customer. */
export interface TelegramUser {
  id: string;
  /** Present only when true (another bot wrote). */
  isBot?: true;
  firstName?: string;
  lastName?: string;
  username?: string;
  /** IETF tag of the user's app language, e.g. "pt-br". */
  languageCode?: string;
}

/** A formatting entity; offsets and lengths count UTF-16 units, as Telegram sends them. */
export interface TextEntity {
  type: string;
  offset: number;
  length: number;
  /** text_link only. */
  url?: string;
}

export interface TextContent {
  type: 'text';
  body: string;
  /** At most 100 are kept. */
  entities: TextEntity[];
}

/** Every downloadable file: fetch it with getFile(fileId). fileUniqueId is stable across bots, not downloadable. */
export interface FileRef {
  fileId: string;
  fileUniqueId: string;
  fileSize?: number;
}

export interface PhotoSize extends FileRef {
  width: number;
  height: number;
}

export interface PhotoContent extends PhotoSize {
  type: 'photo';
  /** The largest size is the one spread into this object; all sizes (at most 10) are listed here. */
  sizes: PhotoSize[];
  caption?: string;
}

export interface DocumentContent extends FileRef {
  type: 'document';
  fileName?: string;
  mimeType?: string;
  caption?: string;
  /** True when the message was an animation (GIF / silent video), which Telegram also sends as a document. */
  animation?: true;
}

export interface VoiceContent extends FileRef {
  type: 'voice';
  /** Seconds. */
  duration?: number;
  mimeType?: string;
  caption?: string;
}

export interface AudioContent extends FileRef {
  type: 'audio';
  duration?: number;
  performer?: string;
  title?: string;
  fileName?: string;
  mimeType?: string;
  caption?: string;
}

export interface VideoContent extends FileRef {
  type: 'video';
  width?: number;
  height?: number;
  duration?: number;
  fileName?: string;
  mimeType?: string;
  caption?: string;
}

export interface StickerContent extends FileRef {
  type: 'sticker';
  emoji?: string;
  setName?: string;
  /** 'regular' | 'mask' | 'custom_emoji'. */
  stickerType?: string;
  isAnimated: boolean;
  isVideo: boolean;
  width?: number;
  height?: number;
}

export interface LocationContent {
  type: 'location';
  latitude: number;
  longitude: number;
  /** Metres. */
  horizontalAccuracy?: number;
  /** Seconds a live location is updated for. */
  livePeriod?: number;
  /** Present when the user shared a venue (a named place). */
  venue?: { title: string; address: string };
}

export interface ContactContent {
  type: 'contact';
  /** As the user's address book has it; not normalised, not necessarily E.164. */
  phoneNumber: string;
  firstName: string;
  lastName?: string;
  /** The Telegram user id of the contact, when it is a Telegram user. */
  userId?: string;
  vcard?: string;
}

/** A message kind we do not model (poll, dice, video_note, service messages…), or a known one that is malformed. */
export interface UnknownContent {
  type: 'unknown';
  /** The content field found, e.g. "poll" or "new_chat_members"; null when none was recognised. */
  rawType: string | null;
}

export type TelegramContent =
  | TextContent
  | PhotoContent
  | DocumentContent
  | VoiceContent
  | AudioContent
  | VideoContent
  | StickerContent
  | LocationContent
  | ContactContent
  | UnknownContent;

/** A new or edited message (update fields `message` / `edited_message`). */
export interface TelegramMessageItem {
  kind: 'message';
  /** Where to answer: the chat id as a decimal string (equals the user id in private chats). */
  chatId: string;
  /** 'private' | 'group' | 'supergroup' | 'channel'; callers usually only serve 'private'. */
  chatType: string;
  /** Unique within the chat only; the global dedupe key is the update's update_id. */
  messageId: number;
  /** When the message was sent (`date`). */
  at: Date;
  /** Edited messages only: `edit_date`. */
  editedAt?: Date;
  from: TelegramUser;
  type: TelegramMessageType;
  /** A plain-text summary for previews, search and bots: the text, the caption, or a [photo]-style label. */
  text: string;
  content: TelegramContent;
  replyToMessageId?: number;
  /** Messages of one album share it. */
  mediaGroupId?: string;
  /** True for `edited_message`: the message `messageId` in `chatId` now reads like this. */
  edited: boolean;
  /** The message object exactly as received (by reference: not copied, not cleaned, not capped). */
  raw: unknown;
}

/** An inline-keyboard tap (update field `callback_query`). Answer it with answerCallbackQuery. */
export interface TelegramCallbackItem {
  kind: 'callback';
  callbackQueryId: string;
  /** The chat of the message carrying the keyboard; when that message is absent, the user's id (a private chat). */
  chatId: string;
  /** The bot message whose button was tapped. */
  messageId?: number;
  /** Taps on messages sent in inline mode carry this instead of a message. */
  inlineMessageId?: string;
  from: TelegramUser;
  /** The tapped button's callback_data; null when absent (game buttons) or longer than Telegram's 64 bytes. */
  data: string | null;
  /** When we parsed it: a callback query carries no date of its own. */
  at: Date;
}

/** Any other update (my_chat_member, channel_post, inline_query, …), surfaced so callers can route it later. */
export interface TelegramOtherItem {
  kind: 'other';
  updateType: string;
}

export type TelegramItem = TelegramMessageItem | TelegramCallbackItem | TelegramOtherItem;

export interface ParsedUpdate {
  /** The dedupe key; null when missing or not a non-negative safe integer. */
  updateId: number | null;
  items: TelegramItem[];
  /** Human-readable notes on what was skipped or repaired; empty for a clean update. */
  problems: string[];
}
