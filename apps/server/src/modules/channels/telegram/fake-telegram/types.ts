/** A Telegram user the fake plays. Ids are numbers on the wire; strings of digits are accepted here too. */
export interface FakeUser {
  /** Default: the chat id (a private chat's id is the user's id). */
  id?: number | string;
  /** Default "Test". */
  firstName?: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

export interface FakeTelegramOptions {
  /** Default 0 (an ephemeral port). The host is always 127.0.0.1. */
  port?: number;
  /** The bot token the fake accepts in `/bot<token>/<method>`; default "123456789:" plus 35 random characters. */
  token?: string;
  /** getMe; defaults: id from the token, "Parley Test Bot", "parley_test_bot". */
  bot?: { firstName?: string; username?: string };
  /** The first update_id handed out (default 100000001); each update takes the next one. */
  firstUpdateId?: number;
  /** Clock in epoch ms for `date` fields and records (default Date.now). */
  now?: () => number;
  /** Timeout of each webhook POST (default 5000 ms). */
  webhookTimeoutMs?: number;
  /** Keep at most this many entries in each record, dropping the oldest (default unlimited: right for tests). */
  recordLimit?: number;
}

export interface WebhookConfig {
  url: string;
  /** Sent as X-Telegram-Bot-Api-Secret-Token; absent when setWebhook had none. */
  secretToken?: string;
  /** As given; empty means every type but chat_member and the message_reaction pair. */
  allowedUpdates: string[];
  maxConnections: number;
}

export interface RecordedRequest {
  /** HTTP method. */
  httpMethod: string;
  /** The Bot API method as the client spelt it, e.g. "sendMessage" ('' when the path did not parse). */
  method: string;
  /** Path with the token replaced by "<redacted>": records end up in test output. */
  path: string;
  /** Parameters from the query string and the JSON or form body, as received. */
  params: Record<string, unknown>;
  /** 0 when the fake dropped the connection (hangNext). */
  status: number;
  response: unknown;
  at: number;
}

export interface SentMessage {
  chatId: string;
  messageId: number;
  text: string;
  /** `reply_markup` as received (parsed when it was a JSON string). */
  replyMarkup?: unknown;
  replyToMessageId?: number;
  parseMode?: string;
  /** All parameters as received. */
  params: Record<string, unknown>;
  at: number;
}

/** A file the bot sent with sendPhoto, sendVideo, sendAudio or sendDocument. */
export interface SentMedia {
  /** The Bot API method as the client spelt it, e.g. "sendPhoto". */
  method: string;
  /** The form field the file came in: photo, video, audio or document. */
  field: 'photo' | 'video' | 'audio' | 'document';
  chatId: string;
  messageId: number;
  /** The part's filename, as received. */
  filename: string;
  /** The part's Content-Type, when it had one. */
  contentType?: string;
  /** The file's exact bytes, and their SHA-256 in hex. */
  bytes: Buffer;
  sha256: string;
  caption?: string;
  /** The text parameters as received; the file shows as `{ file, contentType, size }`. */
  params: Record<string, unknown>;
  at: number;
}

export interface AnsweredCallback {
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
  at: number;
}

export interface WebhookDelivery {
  updateId: number;
  /** 'message', 'callback_query', …: the update's content field. */
  updateType: string;
  url: string;
  rawBody: string;
  /** The X-Telegram-Bot-Api-Secret-Token sent, if any. */
  secretToken?: string;
  /** HTTP status of the receiver; 0 when the POST failed or the type was filtered by allowed_updates. */
  responseStatus: number;
  /** Why nothing was delivered: 'not in allowed_updates', or the network error. */
  error?: string;
  at: number;
}

export interface FailNextInput {
  /** The HTTP status and Bot API error_code, e.g. 429, 400, 403, 502. */
  errorCode: number;
  /** Default: Telegram's usual text for the code, e.g. "Too Many Requests: retry after 5". */
  description?: string;
  /** 429: parameters.retry_after in seconds. */
  retryAfter?: number;
  /** Which Bot API method consumes it (case-insensitive); default "sendMessage", "*" for any. */
  method?: string;
  /** How many consecutive calls fail (default 1). */
  count?: number;
}

export interface HangOptions {
  /**
   * 'drop' (default): after `ms` the connection is destroyed and nothing is done.
   * 'respond': after `ms` the call is processed and answered normally; if the client gave up, the message
   * still went out — the ambiguous-timeout case.
   */
  then?: 'drop' | 'respond';
  /** Which Bot API method hangs (case-insensitive); default "sendMessage", "*" for any. */
  method?: string;
}
