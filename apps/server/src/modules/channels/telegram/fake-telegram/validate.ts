// The checks Telegram applies to sendMessage and answerCallbackQuery, with its error descriptions. Written
// independently of Parley's builders on purpose — never import those here: the fake is the second opinion.
import { badRequest, boolParam, intParam, jsonParam, type Reply } from './bot-api';

export const TEXT_MAX = 4096;
export const CALLBACK_DATA_MAX_BYTES = 64;
export const CALLBACK_ANSWER_MAX = 200;
export const MAX_BUTTONS = 100;
const PARSE_MODES = new Set(['HTML', 'Markdown', 'MarkdownV2']);

/** Telegram counts code points after trimming whitespace. */
const codePoints = (s: string): number => [...s].length;

export interface ValidSend {
  chatId: number;
  text: string;
  replyMarkup?: unknown;
  replyTo?: number;
  parseMode?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

function validUrl(v: unknown): boolean {
  try {
    return typeof v === 'string' && ['http:', 'https:', 'tg:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

function checkButton(b: unknown): Reply | undefined {
  if (!isObject(b)) return badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof b.text !== 'string') return badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  if (b.text.trim() === '') return badRequest('BUTTON_TEXT_EMPTY');
  const actions = ['callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'copy_text', 'pay'].filter((k) => has(b, k));
  if (actions.length === 0) return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  if (actions.length > 1) return badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used");
  if (has(b, 'callback_data')) {
    const data = b.callback_data;
    if (typeof data !== 'string') return badRequest('can\'t parse inline keyboard button: Field "callback_data" must be of type String');
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) return badRequest('BUTTON_DATA_INVALID');
  } else if (has(b, 'url')) {
    if (!validUrl(b.url)) return badRequest('BUTTON_URL_INVALID');
  }
  return undefined;
}

/** reply_markup: only inline keyboards are checked in depth; other markups pass through. */
function checkReplyMarkup(raw: unknown): { markup: unknown } | Reply {
  const parsed = jsonParam(raw);
  if (!parsed.ok || !isObject(parsed.value)) return badRequest("can't parse reply keyboard markup JSON object");
  const markup = parsed.value;
  if (!has(markup, 'inline_keyboard')) return { markup };
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    return badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  let count = 0;
  for (const row of rows as unknown[][]) {
    for (const b of row) {
      if (++count > MAX_BUTTONS) return badRequest('reply markup is too long');
      const bad = checkButton(b);
      if (bad) return bad;
    }
  }
  return { markup };
}

export function validateSendMessage(p: Record<string, unknown>): ValidSend | Reply {
  if (p.chat_id === undefined || p.chat_id === '') return badRequest('chat_id is empty');
  const chatId = intParam(p.chat_id);
  // "@channelusername" and garbage alike: the fake knows chats by id only.
  if (chatId === undefined || chatId === 0) return badRequest('chat not found');
  if (typeof p.text !== 'string' || p.text.trim() === '') return badRequest('message text is empty');
  if (codePoints(p.text.trim()) > TEXT_MAX) return badRequest('message is too long');
  const out: ValidSend = { chatId, text: p.text };
  if (p.parse_mode !== undefined && p.parse_mode !== '') {
    if (typeof p.parse_mode !== 'string' || !PARSE_MODES.has(p.parse_mode)) return badRequest('unsupported parse_mode');
    out.parseMode = p.parse_mode;
  }
  if (p.reply_markup !== undefined) {
    const m = checkReplyMarkup(p.reply_markup);
    if ('kind' in m) return m;
    out.replyMarkup = m.markup;
  }
  if (p.reply_to_message_id !== undefined) {
    const id = intParam(p.reply_to_message_id);
    if (id === undefined || id <= 0) return badRequest('message to be replied not found');
    out.replyTo = id;
  }
  return out;
}

export interface ValidAnswer {
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
}

export function validateAnswerCallback(p: Record<string, unknown>): ValidAnswer | Reply {
  const given = p.callback_query_id;
  if (given === undefined || given === '') return badRequest('parameter "callback_query_id" is required');
  const id = typeof given === 'number' && Number.isSafeInteger(given) ? String(given) : given;
  if (typeof id !== 'string') return badRequest('query is too old and response timeout expired or query ID is invalid');
  const out: ValidAnswer = { callbackQueryId: id, showAlert: boolParam(p.show_alert) };
  if (p.text !== undefined && p.text !== '') {
    if (typeof p.text !== 'string') return badRequest('MESSAGE_TOO_LONG');
    if (codePoints(p.text) > CALLBACK_ANSWER_MAX) return badRequest('MESSAGE_TOO_LONG');
    out.text = p.text;
  }
  return out;
}

export const isReply = (v: object): v is Reply => 'kind' in v;
