import type { ChatBook, UserObject } from './chats';
import type { WebhookPoster } from './delivery';
import type { FailureScript, HangScript } from './scripts';
import type { AnsweredCallback, RecordedRequest, SentMedia, SentMessage, WebhookConfig, WebhookDelivery } from './types';

/** Everything one fake instance knows and records; shared by its routes. */
export interface FakeState {
  token: string;
  bot: UserObject & { username: string };
  now: () => number;
  /** Appends to one of the records, trimming the oldest beyond `recordLimit`. */
  record<T>(list: T[], item: T): void;
  webhook: WebhookConfig | null;
  chats: ChatBook;
  /** Callback queries handed out by userTaps, until answered (answering twice is refused, like Telegram). */
  callbacks: Map<string, { chatId: string; answered: boolean }>;
  nextUpdateId: number;
  requests: RecordedRequest[];
  sent: SentMessage[];
  /** Files sent with sendPhoto / sendVideo / sendAudio / sendDocument. */
  media: SentMedia[];
  answered: AnsweredCallback[];
  deliveries: WebhookDelivery[];
  failures: FailureScript;
  hangs: HangScript;
  poster: WebhookPoster;
}

/** Unix seconds, as every Bot API `date` field. */
export const seconds = (state: FakeState): number => Math.floor(state.now() / 1000);
