// Outbound builders: validate against Telegram's limits BEFORE calling the Bot API, and return the exact
// JSON body for sendMessage / answerCallbackQuery. Bad input throws AppError('validation_failed') whose
// `issues` name every offending field.
import { invalidField } from '../../../../platform/errors';
import { byteCount, Issues, toInt } from './outbound-validate';

export const TELEGRAM_LIMITS = {
  /** sendMessage text, in characters (code points). */
  textMax: 4096,
  /** Inline button label, in characters: Telegram documents no limit, longer labels are cut off on screen. */
  buttonTitleMax: 64,
  /** callback_data, in UTF-8 bytes (Bot API InlineKeyboardButton: "1-64 bytes"). */
  callbackDataMaxBytes: 64,
  /** Telegram refuses reply markups with more than 100 buttons. */
  buttonsMax: 100,
  /** answerCallbackQuery text, in characters. */
  callbackAnswerTextMax: 200,
} as const;

/** A tap button: Telegram sends `id` back as the callback query's `data`. */
export interface CallbackButton {
  /** callback_data: 1..64 bytes of UTF-8. */
  id: string;
  /** 1..64 characters. */
  title: string;
}

/** A link button: opens `url` (https, http or tg://); no callback query comes back. */
export interface UrlButton {
  url: string;
  title: string;
}

export type InlineButton = CallbackButton | UrlButton;

export interface SendMessageInput {
  /** Where to send: the chat id (a user's id in private chats), as a decimal string or a number. */
  chatId: string | number;
  /** Plain text (no parse_mode, so the 4096-character limit is exact and customer text cannot break markup). */
  text: string;
  /** One button per row, in order. */
  buttons?: InlineButton[];
  /** message_id to quote. */
  replyTo?: number | string;
  /** Deliver without a notification sound. */
  silent?: boolean;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

/** The JSON body of `sendMessage`. */
export interface SendMessageBody {
  chat_id: number;
  text: string;
  reply_markup?: InlineKeyboardMarkup;
  reply_to_message_id?: number;
  disable_notification?: boolean;
}

export interface AnswerCallbackInput {
  callbackQueryId: string;
  /** A toast (or alert) shown to the user; 0..200 characters. Omit to just stop the button's spinner. */
  text?: string;
  /** Show an alert the user must dismiss instead of a toast. */
  showAlert?: boolean;
}

/** The JSON body of `answerCallbackQuery`. */
export interface AnswerCallbackBody {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
}

function requireObject(input: unknown): asserts input is Record<string, unknown> {
  // Inputs may come straight from an API request: a non-object is a validation error, not a TypeError.
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidField('message', 'must be an object');
}

function chatIdOf(issues: Issues, v: unknown): number {
  const n = toInt(v);
  if (n === undefined || n === 0) {
    issues.add('chatId', 'must be a Telegram chat id: a non-zero integer');
    return 0;
  }
  return n;
}

const URL_SCHEMES = new Set(['https:', 'http:', 'tg:']);

function button(issues: Issues, b: unknown, i: number, seen: Set<string>): InlineKeyboardButton | undefined {
  const at = `buttons[${i}]`;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) {
    issues.add(at, 'must be an object');
    return undefined;
  }
  const o = b as Record<string, unknown>;
  const title = issues.text(`${at}.title`, o.title, TELEGRAM_LIMITS.buttonTitleMax);
  const hasId = o.id !== undefined && o.id !== null;
  const hasUrl = o.url !== undefined && o.url !== null;
  if (hasId === hasUrl) {
    issues.add(`${at}.id`, 'exactly one of id (a tap button) or url (a link button) is required');
    return undefined;
  }
  if (hasId) {
    const id = o.id;
    if (typeof id !== 'string' || id === '') issues.add(`${at}.id`, 'must be a non-empty string');
    else if (byteCount(id) > TELEGRAM_LIMITS.callbackDataMaxBytes)
      issues.add(`${at}.id`, `must be at most ${TELEGRAM_LIMITS.callbackDataMaxBytes} bytes of UTF-8`);
    else if (seen.has(id)) issues.add(`${at}.id`, 'must be unique: two buttons with one id cannot be told apart when tapped');
    else {
      seen.add(id);
      return { text: title ?? '', callback_data: id };
    }
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = typeof o.url === 'string' && o.url.length <= 2048 ? new URL(o.url) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !URL_SCHEMES.has(url.protocol)) issues.add(`${at}.url`, 'must be an https, http or tg:// URL of at most 2048 characters');
  else if (url.username || url.password) issues.add(`${at}.url`, 'must not contain credentials');
  else return { text: title ?? '', url: o.url as string };
  return undefined;
}

export function buildSendMessage(input: SendMessageInput): SendMessageBody {
  requireObject(input);
  const issues = new Issues();
  const body: SendMessageBody = {
    chat_id: chatIdOf(issues, input.chatId),
    text: issues.text('text', input.text, TELEGRAM_LIMITS.textMax) ?? '',
  };
  if (input.buttons !== undefined && input.buttons !== null) {
    if (!Array.isArray(input.buttons)) issues.add('buttons', 'must be an array');
    else if (input.buttons.length > TELEGRAM_LIMITS.buttonsMax)
      issues.add('buttons', `must have at most ${TELEGRAM_LIMITS.buttonsMax} buttons`);
    else if (input.buttons.length > 0) {
      const seen = new Set<string>();
      const rows = input.buttons.map((b, i) => button(issues, b, i, seen));
      body.reply_markup = { inline_keyboard: rows.map((r) => (r ? [r] : [])) };
    }
  }
  if (input.replyTo !== undefined && input.replyTo !== null) {
    const id = toInt(input.replyTo);
    if (id === undefined || id <= 0) issues.add('replyTo', 'must be a message id: a positive integer');
    else body.reply_to_message_id = id;
  }
  if (input.silent !== undefined) {
    if (typeof input.silent !== 'boolean') issues.add('silent', 'must be a boolean');
    else if (input.silent) body.disable_notification = true;
  }
  issues.throwIfAny();
  return body;
}

export function buildAnswerCallback(input: AnswerCallbackInput): AnswerCallbackBody {
  requireObject(input);
  const issues = new Issues();
  const id = input.callbackQueryId;
  if (typeof id !== 'string' || !/^\S{1,256}$/.test(id)) issues.add('callbackQueryId', 'must be the id of a callback query');
  const body: AnswerCallbackBody = { callback_query_id: typeof id === 'string' ? id : '' };
  // An empty text is allowed: it only stops the spinner on the tapped button, like omitting it.
  if (input.text !== undefined && input.text !== null) {
    if (typeof input.text !== 'string') issues.add('text', 'must be a string');
    else if (input.text !== '') {
      const text = issues.text('text', input.text, TELEGRAM_LIMITS.callbackAnswerTextMax);
      if (text !== undefined) body.text = text;
    }
  }
  if (input.showAlert !== undefined) {
    if (typeof input.showAlert !== 'boolean') issues.add('showAlert', 'must be a boolean');
    else if (input.showAlert) body.show_alert = true;
  }
  issues.throwIfAny();
  return body;
}
