// Bot API failures (`{ ok: false, error_code, description, parameters? }`) → what the sender should do.
// Telegram's error_code mirrors the HTTP status; the description is informative and changes over time.

export type TelegramErrorClass =
  /** 429 Too Many Requests: wait `retryAfter` seconds (parameters.retry_after), then retry. */
  | 'rate_limit'
  /** 5xx, network error or timeout: retry with backoff (reconcile first when `ambiguous`). */
  | 'transient'
  /**
   * 403 Forbidden: this chat cannot be reached (the user blocked the bot or deleted the account, the bot was
   * removed from the group). Stop sending to the chat until the user writes again.
   */
  | 'blocked'
  /** Any other 4xx (chat not found, message is too long, BUTTON_DATA_INVALID, bad token): never retry as is. */
  | 'definitive';

/** `errorCode` is the Bot API error_code (or the HTTP status); null when no answer came back at all. */
export function classifyTelegramError(errorCode: number | null | undefined): TelegramErrorClass {
  if (errorCode === null || errorCode === undefined) return 'transient';
  if (errorCode === 429) return 'rate_limit';
  if (errorCode >= 500) return 'transient';
  if (errorCode === 403) return 'blocked';
  return 'definitive';
}

/** Whether sending the same request again later can succeed without anyone changing anything. */
export function retryable(classification: TelegramErrorClass): boolean {
  return classification === 'rate_limit' || classification === 'transient';
}

// Bot tokens are "<bot id>:<secret>"; the secret part is 35 characters today.
const TOKEN_IN_TEXT = /(?<!\d)\d{3,20}:[A-Za-z0-9_-]{20,}/g;

/**
 * Remove bot tokens from text meant for logs or error messages: the token given, and anything shaped
 * like one (the token travels in the URL path, `/bot<token>/<method>`, so URLs leak it easily).
 */
export function redactToken(text: string, token?: string): string {
  let out = text;
  if (token) out = out.split(token).join('<redacted>');
  return out.replace(TOKEN_IN_TEXT, '<redacted>');
}

/** A failed Bot API call. Branch on `classification` (from the error code), never on the description. */
export class TelegramApiError extends Error {
  constructor(
    message: string,
    /** The Bot API method called, e.g. "sendMessage" (never the URL: it holds the token). */
    readonly method: string,
    /** Bot API error_code (the HTTP status when the body had none); null on network errors and timeouts. */
    readonly errorCode: number | null,
    /** Telegram's description, e.g. "Forbidden: bot was blocked by the user"; ours for network errors. */
    readonly description: string,
    readonly classification: TelegramErrorClass,
    /**
     * True when the request may have reached Telegram and been acted on (timeout, dropped connection, 5xx,
     * unreadable 2xx) by a method that is not safe to repeat (sendMessage). Reconcile before resending.
     */
    readonly ambiguous: boolean,
    /** Seconds to wait before retrying (429 parameters.retry_after). */
    readonly retryAfter?: number,
    /** The group became a supergroup with this id (400 parameters.migrate_to_chat_id): resend there. */
    readonly migrateToChatId?: string,
  ) {
    super(message);
    this.name = 'TelegramApiError';
  }
}
