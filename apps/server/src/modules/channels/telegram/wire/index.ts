// The Telegram Bot API wire layer: pure protocol code (no database, no HTTP server). Webhook secret token,
// update normalisation, outbound builders (text and media), error classification and a Bot API client.
export { SECRET_TOKEN_HEADER, SECRET_TOKEN_PATTERN, verifySecretToken } from './secret-token';
export { CALLBACK_DATA_MAX_BYTES, parseUpdate, type ParseOptions } from './inbound';
export type * from './inbound-types';
export {
  buildAnswerCallback,
  buildSendMessage,
  TELEGRAM_LIMITS,
  type AnswerCallbackBody,
  type AnswerCallbackInput,
  type CallbackButton,
  type InlineButton,
  type InlineKeyboardButton,
  type InlineKeyboardMarkup,
  type SendMessageBody,
  type SendMessageInput,
  type UrlButton,
} from './outbound';
export {
  buildSendMedia,
  TELEGRAM_MEDIA_LIMITS,
  TELEGRAM_MEDIA_METHODS,
  telegramMaxBytes,
  telegramMediaTypeOf,
  tooBig as telegramTooBig,
  type SendMediaInput,
  type SendMediaRequest,
  type TelegramMediaType,
} from './outbound-media';
export { byteCount, charCount } from './outbound-validate';
export { classifyTelegramError, redactToken, retryable, TelegramApiError, type TelegramErrorClass } from './telegram-errors';
export {
  createTelegramClient,
  DEFAULT_ALLOWED_UPDATES,
  TELEGRAM_API_ORIGIN,
  type BotInfo,
  type SentMessageResult,
  type SetWebhookInput,
  type TelegramClient,
  type TelegramClientOptions,
} from './telegram-client';
