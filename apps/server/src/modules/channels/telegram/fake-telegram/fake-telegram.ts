import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, readBody, readParams, redactPath, type FormPart, type Reply } from './bot-api';
import { ChatBook, type MessageObject, type UserObject } from './chats';
import { WebhookPoster } from './delivery';
import { allowedUpdate, answerCallbackQuery, deleteWebhook, getMe, getWebhookInfo, scripted, sendMessage, setWebhook } from './routes';
import { mediaFieldOf, sendMedia } from './routes-media';
import { boundedPush, FailureScript, HangScript } from './scripts';
import { seconds, type FakeState } from './state';
import type {
  AnsweredCallback,
  FailNextInput,
  FakeTelegramOptions,
  FakeUser,
  HangOptions,
  RecordedRequest,
  SentMedia,
  SentMessage,
  WebhookConfig,
  WebhookDelivery,
} from './types';
import { chatInstance, chatObject, messageObject, myChatMember, newCallbackQueryId, toId, userObject } from './updates';

export const FAKE_TELEGRAM_HOST = '127.0.0.1';

export interface UserWritesInput {
  chatId: number | string;
  from?: FakeUser;
  text: string;
  /** message_id the user quotes. */
  replyTo?: number;
  /** Formatting entities, as Telegram would send them. */
  entities?: unknown[];
}

export interface UserSendsInput {
  chatId: number | string;
  from?: FakeUser;
  /** Message content fields as Telegram sends them, e.g. `{ photo: [...], caption: 'look' }` or `{ location: {...} }`. */
  content: Record<string, unknown>;
}

export interface UserTapsInput {
  chatId: number | string;
  from?: FakeUser;
  /** The bot message whose button is tapped (it is embedded in the update when the fake knows it). */
  messageId: number;
  /** The tapped button's callback_data. */
  data: string;
}

export interface FakeTelegram {
  /** Base URL, e.g. http://127.0.0.1:43117 — the Bot API lives at `${url}/bot<token>/<method>`. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The bot's user id (the digits before ':' in the token). */
  readonly botId: number;
  /** Every Bot API request the fake answered (or dropped), in order; tokens redacted from paths. */
  readonly requests: readonly RecordedRequest[];
  /** Every update the fake POSTed (or filtered out by allowed_updates). */
  readonly deliveries: readonly WebhookDelivery[];
  /** What setWebhook registered, or null. */
  readonly webhook: WebhookConfig | null;
  /** Text messages the bot sent with sendMessage (optionally to one chat). */
  sent(chatId?: number | string): SentMessage[];
  /** Files the bot sent with sendPhoto / sendVideo / sendAudio / sendDocument (optionally to one chat). */
  sentMedia(chatId?: number | string): SentMedia[];
  /** Callback queries the bot answered. */
  answered(): AnsweredCallback[];
  /** The next call(s) of a method (default sendMessage) fail with this Bot API error. */
  failNext(f: FailNextInput): void;
  /** The next call of a method (default sendMessage) hangs for `ms`, then drops or answers. */
  hangNext(ms: number, opts?: HangOptions): void;
  /** sendMessage to this chat answers 403 "Forbidden: bot was blocked by the user" (until the user writes again). */
  blockChat(chatId: number | string): void;
  unblockChat(chatId: number | string): void;
  isKnownChat(chatId: number | string): boolean;
  /**
   * POSTs an update to the webhook. `update_id` is assigned (the next one) unless given — give an old one
   * to replay a redelivery. Chats it mentions become known before the POST, so the receiver may answer
   * inside its handler. Resolves to the receiver's HTTP status (0: failed, or filtered by allowed_updates).
   */
  sendUpdate(update: Record<string, unknown>): Promise<number>;
  /** The user sends a text message (a `message` update). Writing unblocks the bot, as on Telegram. */
  userWrites(input: UserWritesInput): Promise<number>;
  /** The user sends any other message content (photo, document, location, contact…). */
  userSends(input: UserSendsInput): Promise<number>;
  /** The user taps an inline button (a `callback_query` update, answerable with answerCallbackQuery). */
  userTaps(input: UserTapsInput): Promise<number>;
  /** The user blocks the bot: the chat is blocked and a `my_chat_member` update (status kicked) is POSTed. */
  userBlocks(input: { chatId: number | string; from?: FakeUser }): Promise<number>;
  /** POSTs the exact body of an earlier delivery again (Telegram retries failed deliveries). */
  redeliver(updateId: number): Promise<number>;
  /** Forgets records, scripts, blocks and pending callback queries; keeps the webhook, chats and counters. */
  reset(): void;
  close(): Promise<void>;
}

const TOKEN = /^(\d{1,20}):[A-Za-z0-9_-]{1,256}$/;

/** Starts the fake Bot API on 127.0.0.1 (port 0 = ephemeral). */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = opts.token ?? `123456789:AA${randomBytes(33).toString('base64url').slice(0, 33)}`;
  const match = TOKEN.exec(token);
  if (!match?.[1]) throw new Error('token must look like <bot id>:<secret>');
  const now = opts.now ?? Date.now;
  const record = opts.recordLimit === undefined ? <T>(list: T[], item: T) => void list.push(item) : boundedPush(opts.recordLimit);
  const deliveries: WebhookDelivery[] = [];
  const state: FakeState = {
    token,
    bot: {
      id: Number(match[1]),
      is_bot: true,
      first_name: opts.bot?.firstName ?? 'Parley Test Bot',
      username: opts.bot?.username ?? 'parley_test_bot',
    },
    now,
    record,
    webhook: null,
    chats: new ChatBook(),
    callbacks: new Map(),
    nextUpdateId: opts.firstUpdateId ?? 100_000_001,
    requests: [],
    sent: [],
    media: [],
    answered: [],
    deliveries,
    failures: new FailureScript(),
    hangs: new HangScript(),
    poster: new WebhookPoster(opts.webhookTimeoutMs ?? 5000, now, (d) => record(deliveries, d)),
  };

  // A client that aborts mid-body must not become an unhandled rejection: drop that socket and move on.
  const server = createServer((req, res) => void serve(state, req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, FAKE_TELEGRAM_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  /** Makes the chats an update mentions known, and keeps its messages for quoting and tapping. */
  function learn(update: Record<string, unknown>): void {
    for (const key of ['message', 'edited_message', 'my_chat_member']) {
      const v = update[key] as Record<string, unknown> | undefined;
      const chat = v?.chat as MessageObject['chat'] | undefined;
      if (!chat || typeof chat.id !== 'number') continue;
      state.chats.know(chat);
      if (key === 'message' && typeof v?.message_id === 'number') state.chats.note(v as MessageObject);
    }
    const tapped = (update.callback_query as Record<string, unknown> | undefined)?.message as MessageObject | undefined;
    if (tapped?.chat && typeof tapped.chat.id === 'number') state.chats.know(tapped.chat);
  }

  async function sendUpdate(update: Record<string, unknown>): Promise<number> {
    if (typeof update !== 'object' || update === null || Array.isArray(update)) throw new Error('an update must be an object');
    const hook = state.webhook;
    if (!hook) throw new Error('no webhook is set: call setWebhook first');
    const { update_id: given, ...content } = update;
    let updateId: number;
    if (given === undefined) updateId = state.nextUpdateId++;
    else if (typeof given === 'number' && Number.isSafeInteger(given) && given >= 0) {
      updateId = given;
      state.nextUpdateId = Math.max(state.nextUpdateId, given + 1);
    } else throw new Error('update_id must be a non-negative integer');
    const body = { update_id: updateId, ...content };
    learn(body);
    const updateType = Object.keys(content)[0] ?? 'unknown';
    const rawBody = JSON.stringify(body);
    if (!allowedUpdate(state, updateType)) {
      record(deliveries, { updateId, updateType, url: hook.url, rawBody, responseStatus: 0, error: 'not in allowed_updates', at: now() });
      return 0;
    }
    return state.poster.post(hook.url, rawBody, hook.secretToken, { updateId, updateType });
  }

  /** The user and chat of an input; a user who writes has unblocked the bot. */
  function party(chatIdInput: number | string, from?: FakeUser): { user: UserObject; chat: MessageObject['chat']; key: string } {
    const chatId = toId(chatIdInput, 'chatId');
    // Without `from`, a private chat's user keeps the names they last wrote with.
    const known = from === undefined && chatId > 0 ? state.chats.chat(String(chatId)) : undefined;
    const remembered: FakeUser | undefined = known?.first_name
      ? {
          firstName: known.first_name,
          ...(known.last_name ? { lastName: known.last_name } : {}),
          ...(known.username ? { username: known.username } : {}),
        }
      : undefined;
    const user = userObject(chatId, from ?? remembered);
    const chat = chatObject(chatId, user);
    state.chats.know(chat);
    return { user, chat, key: String(chatId) };
  }

  function userMessage(input: { chatId: number | string; from?: FakeUser }, content: Record<string, unknown>): Promise<number> {
    const { user, chat, key } = party(input.chatId, input.from);
    state.chats.unblock(key);
    const message = messageObject(state.chats.nextMessageId(key), user, chat, seconds(state), content);
    return sendUpdate({ message });
  }

  const idOf = (chatId: number | string) => String(toId(chatId, 'chatId'));

  return {
    url: `http://${FAKE_TELEGRAM_HOST}:${port}`,
    port,
    token,
    botId: state.bot.id,
    requests: state.requests,
    deliveries,
    get webhook() {
      return state.webhook ? { ...state.webhook, allowedUpdates: [...state.webhook.allowedUpdates] } : null;
    },
    sent: (chatId) => (chatId === undefined ? [...state.sent] : state.sent.filter((s) => s.chatId === idOf(chatId))),
    sentMedia: (chatId) => (chatId === undefined ? [...state.media] : state.media.filter((s) => s.chatId === idOf(chatId))),
    answered: () => [...state.answered],
    failNext: (f) => state.failures.push(f),
    hangNext: (ms, o) => state.hangs.push(ms, o),
    blockChat: (chatId) => state.chats.block(idOf(chatId)),
    unblockChat: (chatId) => state.chats.unblock(idOf(chatId)),
    isKnownChat: (chatId) => state.chats.chat(idOf(chatId)) !== undefined,
    sendUpdate,
    userWrites: async (input) => {
      if (typeof input.text !== 'string') throw new Error('userWrites needs a text');
      const quoted = input.replyTo === undefined ? undefined : state.chats.message(idOf(input.chatId), input.replyTo);
      return userMessage(input, {
        text: input.text,
        ...(input.entities ? { entities: input.entities } : {}),
        ...(input.replyTo !== undefined ? { reply_to_message: quoted ?? { message_id: input.replyTo } } : {}),
      });
    },
    userSends: async (input) => userMessage(input, input.content),
    userTaps: async (input) => {
      const { user, chat, key } = party(input.chatId, input.from);
      state.chats.unblock(key);
      const { username, ...bot } = state.bot;
      // A message the fake no longer has is an InaccessibleMessage: chat, id and date 0.
      const message = state.chats.message(key, input.messageId) ?? {
        message_id: input.messageId,
        from: { ...bot, username },
        chat,
        date: 0,
      };
      const id = newCallbackQueryId();
      state.callbacks.set(id, { chatId: key, answered: false });
      if (state.callbacks.size > 10_000) state.callbacks.delete(state.callbacks.keys().next().value ?? '');
      return sendUpdate({ callback_query: { id, from: user, message, chat_instance: chatInstance(chat.id), data: input.data } });
    },
    userBlocks: async (input) => {
      const { user, chat, key } = party(input.chatId, input.from);
      state.chats.block(key);
      return sendUpdate({ my_chat_member: myChatMember(chat, user, state.bot, seconds(state), true) });
    },
    redeliver: async (updateId) => {
      const earlier = deliveries.find((d) => d.updateId === updateId);
      const hook = state.webhook;
      if (!earlier) throw new Error(`update ${updateId} was never delivered`);
      if (!hook) throw new Error('no webhook is set: call setWebhook first');
      return state.poster.post(hook.url, earlier.rawBody, hook.secretToken, { updateId, updateType: earlier.updateType });
    },
    reset: () => {
      state.requests.length = 0;
      state.sent.length = 0;
      state.media.length = 0;
      state.answered.length = 0;
      deliveries.length = 0;
      state.failures.clear();
      state.hangs.clear();
      state.callbacks.clear();
      state.chats.clearBlocks();
    },
    close: async () => {
      state.poster.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

// /bot<token>/<method>; method names are case-insensitive on Telegram.
const PATH = /^\/bot([^/]*)\/([A-Za-z]+)$/;

/** Routes one request, writes the answer and records both. */
async function serve(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? '/', `http://${FAKE_TELEGRAM_HOST}`);
  const m = PATH.exec(url.pathname);
  const method = m?.[2] ?? '';
  let params: Record<string, unknown> = {};
  let reply: Reply;
  if (raw === 'too-large') reply = fail(413, 'Request Entity Too Large');
  else if (!m) reply = fail(404, 'Not Found');
  else {
    const hang = state.hangs.take(method);
    const ran = hang ? await state.poster.sleep(hang.ms) : true;
    if (!ran || hang?.then === 'drop') reply = { kind: 'drop' };
    else if (m[1] !== state.token) reply = fail(401, 'Unauthorized');
    else {
      const p = readParams(req, url, raw);
      if (!p.ok) reply = p.reply;
      else {
        params = p.params;
        reply = route(state, method, params, p.files);
      }
    }
  }
  state.record(state.requests, {
    httpMethod: req.method ?? '',
    method,
    path: redactPath(url.pathname) + url.search,
    params,
    status: reply.kind === 'drop' ? 0 : reply.status,
    response: reply.kind === 'drop' ? undefined : reply.body,
    at: state.now(),
  });
  if (reply.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function route(state: FakeState, method: string, p: Record<string, unknown>, files: FormPart[]): Reply {
  const name = method.toLowerCase();
  // sendMessage, the uploads and answerCallbackQuery take their scripted failures after their own checks.
  if (name === 'sendmessage') return sendMessage(state, p);
  const mediaField = mediaFieldOf(name);
  if (mediaField) return sendMedia(state, method, mediaField, p, files);
  if (name === 'answercallbackquery') return answerCallbackQuery(state, p);
  const handlers: Record<string, () => Reply> = {
    getme: () => getMe(state),
    setwebhook: () => setWebhook(state, p),
    deletewebhook: () => deleteWebhook(state),
    getwebhookinfo: () => getWebhookInfo(state),
  };
  const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
  if (!handler) return fail(404, 'Not Found');
  return scripted(state, method) ?? handler();
}
