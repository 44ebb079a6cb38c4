// A minimal Bot API client (https://core.telegram.org/bots/api). The bot token is part of every URL
// (`/bot<token>/<method>`), so it must never reach an error message, an error field or a log line: errors
// name the method only, and any text we pass on from elsewhere goes through redactToken.
import { invalidField } from '../../../../platform/errors';
import type { AnswerCallbackBody, SendMessageBody } from './outbound';
import type { SendMediaRequest } from './outbound-media';
import { isRecord, own, ownBoolean, ownIdString, ownInt, ownRecord, ownString } from './read';
import { SECRET_TOKEN_PATTERN } from './secret-token';
import { classifyTelegramError, redactToken, TelegramApiError } from './telegram-errors';

export { TelegramApiError } from './telegram-errors';

export const TELEGRAM_API_ORIGIN = 'https://api.telegram.org';

/** The updates a customer channel needs: messages, edits, button taps, and block/unblock (my_chat_member). */
export const DEFAULT_ALLOWED_UPDATES: readonly string[] = ['message', 'edited_message', 'callback_query', 'my_chat_member'];

export interface TelegramClientOptions {
  /** Default https://api.telegram.org; a local fake Bot API in tests. */
  baseUrl?: string;
  /** "<bot id>:<secret>" from @BotFather. */
  token: string;
  /** Per call, covering the response body too. */
  timeoutMs: number;
}

export interface SentMessageResult {
  messageId: number;
  /** The chat it went to, as Telegram reports it. */
  chatId?: string;
  /** Telegram's timestamp of the message. */
  at?: Date;
}

export interface BotInfo {
  id: string;
  firstName: string;
  username?: string;
  canJoinGroups?: boolean;
  canReadAllGroupMessages?: boolean;
}

export interface SetWebhookInput {
  /** Where Telegram POSTs updates (HTTPS on 443, 80, 88 or 8443 for the real API). */
  url: string;
  /** Sent back as X-Telegram-Bot-Api-Secret-Token: 1–256 of A–Z a–z 0–9 _ -. */
  secretToken: string;
  /** e.g. ['message', 'edited_message', 'callback_query', 'my_chat_member']; [] means all but a few. */
  allowedUpdates: readonly string[];
  /** 1..100, default 40. */
  maxConnections?: number;
  /** Drop updates queued while no webhook was set. */
  dropPendingUpdates?: boolean;
}

export interface TelegramClient {
  sendMessage(body: SendMessageBody): Promise<SentMessageResult>;
  /** sendPhoto / sendVideo / sendAudio / sendDocument with the file's bytes (multipart/form-data). */
  sendMedia(req: SendMediaRequest): Promise<SentMessageResult>;
  answerCallbackQuery(body: AnswerCallbackBody): Promise<void>;
  /** A cheap call that proves the token works. */
  getMe(): Promise<BotInfo>;
  setWebhook(input: SetWebhookInput): Promise<void>;
  deleteWebhook(opts?: { dropPendingUpdates?: boolean }): Promise<void>;
}

const TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{1,256}$/;
// Errors that prove the request never left this machine, so it cannot have been delivered.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Bot API answers are small; a runaway body is cut off rather than buffered. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      return '';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createTelegramClient(options: TelegramClientOptions): TelegramClient {
  const base = new URL(options.baseUrl ?? TELEGRAM_API_ORIGIN);
  const baseUrl = base.href.replace(/\/+$/, '');
  // Checked without echoing the value: a malformed token is still a secret.
  if (typeof options.token !== 'string' || !TOKEN.test(options.token))
    throw new Error('Telegram bot token must look like <bot id>:<secret>');
  if (!(options.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
  const token = options.token;
  const clean = (s: string) => redactToken(s, token);

  /**
   * One Bot API call under one deadline (body included). `unsafe` marks calls that must not be repeated
   * blindly (sendMessage): only their failures can be ambiguous.
   */
  async function call(method: string, params: object | FormData, unsafe: boolean): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${baseUrl}/bot${token}/${method}`, {
        method: 'POST',
        // A form sets its own multipart content type, boundary included.
        ...(params instanceof FormData
          ? { body: params }
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) }),
        signal: controller.signal,
        redirect: 'manual',
      });
      status = res.status;
      text = await readCapped(res);
    } catch (err) {
      // Built from scratch, never wrapping `err`: undici's errors and causes can carry the request URL.
      if (controller.signal.aborted) {
        throw new TelegramApiError(
          `Telegram ${method} timed out after ${options.timeoutMs} ms`,
          method,
          null,
          'request timed out',
          'transient',
          unsafe,
        );
      }
      const cause = isRecord(err) ? own(err, 'cause') : undefined;
      const code = ownString(cause, 'code', 40);
      const sent = !(code && NOT_SENT.has(code));
      const what = `network error${code ? ` ${code}` : ''}`;
      throw new TelegramApiError(`Telegram ${method} failed: ${what}`, method, null, what, 'transient', unsafe && sent);
    } finally {
      clearTimeout(timer);
    }

    const json = parseJson(text);
    if (status >= 200 && status < 300 && own(json, 'ok') === true && own(json, 'result') !== undefined) return own(json, 'result');
    if (isRecord(json) && own(json, 'ok') === false) {
      const code = ownInt(json, 'error_code') ?? status;
      const description = clean(ownString(json, 'description', 1024) ?? `HTTP ${status}`);
      const parameters = ownRecord(json, 'parameters');
      const retryAfter = ownInt(parameters, 'retry_after');
      const classification = classifyTelegramError(code);
      throw new TelegramApiError(
        `Telegram ${method} failed: ${code} ${description}`,
        method,
        code,
        description,
        classification,
        unsafe && classification === 'transient',
        retryAfter !== undefined && retryAfter >= 0 ? retryAfter : undefined,
        ownIdString(parameters, 'migrate_to_chat_id'),
      );
    }
    // No Bot API body: a proxy's HTML 502, a redirect, or a 2xx we cannot read (which may have been acted on).
    const classification = status >= 200 && status < 400 ? 'transient' : classifyTelegramError(status);
    throw new TelegramApiError(
      `Telegram ${method} returned an unreadable response (HTTP ${status})`,
      method,
      status >= 400 ? status : null,
      `unreadable response (HTTP ${status})`,
      classification,
      unsafe && classification === 'transient',
    );
  }

  const unreadable = (method: string, unsafe: boolean) =>
    new TelegramApiError(`Telegram ${method} returned an unexpected result`, method, null, 'unexpected result', 'transient', unsafe);

  async function sendMessage(body: SendMessageBody): Promise<SentMessageResult> {
    return sentMessage('sendMessage', await call('sendMessage', body, true));
  }

  async function sendMedia(req: SendMediaRequest): Promise<SentMessageResult> {
    const form = new FormData();
    form.append('chat_id', String(req.chatId));
    if (req.caption !== undefined) form.append('caption', req.caption);
    form.append(req.field, new Blob([req.file.bytes], { type: req.file.mimeType }), req.file.filename);
    return sentMessage(req.method, await call(req.method, form, true));
  }

  function sentMessage(method: string, result: unknown): SentMessageResult {
    const messageId = ownInt(result, 'message_id');
    // Telegram said ok but we cannot tell which message it created: treat it as possibly sent.
    if (messageId === undefined || messageId <= 0) throw unreadable(method, true);
    const out: SentMessageResult = { messageId };
    const chatId = ownIdString(ownRecord(result, 'chat'), 'id');
    const date = ownInt(result, 'date');
    if (chatId !== undefined) out.chatId = chatId;
    if (date !== undefined && date >= 0) out.at = new Date(date * 1000);
    return out;
  }

  async function answerCallbackQuery(body: AnswerCallbackBody): Promise<void> {
    const result = await call('answerCallbackQuery', body, false);
    if (result !== true) throw unreadable('answerCallbackQuery', false);
  }

  async function getMe(): Promise<BotInfo> {
    const result = await call('getMe', {}, false);
    const id = ownIdString(result, 'id');
    if (id === undefined) throw unreadable('getMe', false);
    const info: BotInfo = { id, firstName: ownString(result, 'first_name') ?? '' };
    const username = ownString(result, 'username', 64);
    const canJoinGroups = ownBoolean(result, 'can_join_groups');
    const canRead = ownBoolean(result, 'can_read_all_group_messages');
    if (username !== undefined) info.username = username;
    if (canJoinGroups !== undefined) info.canJoinGroups = canJoinGroups;
    if (canRead !== undefined) info.canReadAllGroupMessages = canRead;
    return info;
  }

  async function setWebhook(input: SetWebhookInput): Promise<void> {
    if (typeof input.url !== 'string' || !/^https?:\/\//.test(input.url)) throw invalidField('url', 'must be an http(s) URL');
    if (typeof input.secretToken !== 'string' || !SECRET_TOKEN_PATTERN.test(input.secretToken)) {
      throw invalidField('secretToken', 'must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -');
    }
    if (!Array.isArray(input.allowedUpdates) || !input.allowedUpdates.every((u) => typeof u === 'string')) {
      throw invalidField('allowedUpdates', 'must be an array of update types');
    }
    const m = input.maxConnections;
    if (m !== undefined && !(Number.isInteger(m) && m >= 1 && m <= 100))
      throw invalidField('maxConnections', 'must be an integer from 1 to 100');
    const params = {
      url: input.url,
      secret_token: input.secretToken,
      allowed_updates: input.allowedUpdates,
      ...(m !== undefined ? { max_connections: m } : {}),
      ...(input.dropPendingUpdates ? { drop_pending_updates: true } : {}),
    };
    if ((await call('setWebhook', params, false)) !== true) throw unreadable('setWebhook', false);
  }

  async function deleteWebhook(opts: { dropPendingUpdates?: boolean } = {}): Promise<void> {
    const result = await call('deleteWebhook', opts.dropPendingUpdates ? { drop_pending_updates: true } : {}, false);
    if (result !== true) throw unreadable('deleteWebhook', false);
  }

  return { sendMessage, sendMedia, answerCallbackQuery, getMe, setWebhook, deleteWebhook };
}
