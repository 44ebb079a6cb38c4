// The fake Telegram Bot API's public door: tests, benchmarks and the simulator import from here only.
// It checks requests independently of Parley's own builders on purpose — never import those here.
export { startFakeTelegram, FAKE_TELEGRAM_HOST } from './fake-telegram';
export type { FakeTelegram, UserWritesInput, UserSendsInput, UserTapsInput } from './fake-telegram';
export { assertLoopbackUrl } from './delivery';
export { TEXT_MAX, CALLBACK_DATA_MAX_BYTES, CALLBACK_ANSWER_MAX, MAX_BUTTONS } from './validate';
export { CAPTION_MAX, PHOTO_MAX_BYTES, FILE_MAX_BYTES } from './routes-media';
export type {
  FakeTelegramOptions,
  FakeUser,
  WebhookConfig,
  RecordedRequest,
  SentMessage,
  SentMedia,
  AnsweredCallback,
  WebhookDelivery,
  FailNextInput,
  HangOptions,
} from './types';
