// The Bot API methods the fake serves. Each returns the Reply the server writes and records.
import { badRequest, defaultDescription, fail, intParam, jsonParam, ok, type Reply } from './bot-api';
import type { MessageObject } from './chats';
import { loopbackProblem } from './delivery';
import { seconds, type FakeState } from './state';
import { isReply, validateAnswerCallback, validateSendMessage } from './validate';

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
/** Update types Telegram leaves out when allowed_updates is empty. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** A scripted failure for `method`, if one is queued. */
export function scripted(state: FakeState, method: string): Reply | undefined {
  const f = state.failures.take(method);
  if (!f) return undefined;
  return fail(f.errorCode, f.description ?? defaultDescription(f.errorCode, f.retryAfter), f.retryAfter);
}

export function getMe(state: FakeState): Reply {
  const { id, first_name, username } = state.bot;
  return ok({
    id,
    is_bot: true,
    first_name,
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  });
}

export function setWebhook(state: FakeState, p: Record<string, unknown>): Reply {
  const url = p.url;
  // An empty url removes the webhook (Bot API setWebhook).
  if (url === undefined || url === '') return deleteWebhook(state);
  if (typeof url !== 'string') return badRequest('bad webhook: invalid URL');
  const problem = loopbackProblem(url);
  if (problem) return badRequest(`bad webhook: ${problem}`);
  let secretToken: string | undefined;
  if (p.secret_token !== undefined && p.secret_token !== '') {
    if (typeof p.secret_token !== 'string' || !SECRET_TOKEN.test(p.secret_token))
      return badRequest('bad webhook: secret token contains unallowed characters');
    secretToken = p.secret_token;
  }
  // "If not specified, the previous setting will be used."
  let allowedUpdates = state.webhook?.allowedUpdates ?? [];
  if (p.allowed_updates !== undefined) {
    const parsed = jsonParam(p.allowed_updates);
    if (!parsed.ok || !Array.isArray(parsed.value) || !parsed.value.every((u) => typeof u === 'string'))
      return badRequest("can't parse allowed updates JSON array");
    allowedUpdates = parsed.value as string[];
  }
  let maxConnections = 40;
  if (p.max_connections !== undefined) {
    const m = intParam(p.max_connections);
    if (m === undefined || m < 1 || m > 100) return badRequest('bad webhook: max_connections must be between 1 and 100');
    maxConnections = m;
  }
  const same = state.webhook?.url === url;
  state.webhook = { url, ...(secretToken !== undefined ? { secretToken } : {}), allowedUpdates, maxConnections };
  return ok(true, same ? 'Webhook is already set' : 'Webhook was set');
}

export function deleteWebhook(state: FakeState): Reply {
  const had = state.webhook !== null;
  state.webhook = null;
  return ok(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

export function getWebhookInfo(state: FakeState): Reply {
  const hook = state.webhook;
  const last = state.deliveries.at(-1);
  const failed = last && (last.responseStatus < 200 || last.responseStatus >= 300) && last.error !== 'not in allowed_updates';
  return ok({
    url: hook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: 0,
    ...(hook ? { max_connections: hook.maxConnections, allowed_updates: hook.allowedUpdates } : {}),
    ...(failed
      ? {
          last_error_date: Math.floor(last.at / 1000),
          last_error_message: last.responseStatus
            ? `Wrong response from the webhook: ${last.responseStatus}`
            : (last.error ?? 'Connection failed'),
        }
      : {}),
  });
}

/** Whether the registered allowed_updates let an update of this type through. */
export function allowedUpdate(state: FakeState, updateType: string): boolean {
  const list = state.webhook?.allowedUpdates ?? [];
  return list.length === 0 ? !OPT_IN_UPDATES.has(updateType) : list.includes(updateType);
}

/**
 * sendMessage. Order: Telegram's parameter checks, the chat (known? blocked?), the quoted message,
 * scripted failures; then the message is "delivered" with the chat's next message_id.
 */
export function sendMessage(state: FakeState, p: Record<string, unknown>): Reply {
  const v = validateSendMessage(p);
  if (isReply(v)) return v;
  const chatId = String(v.chatId);
  const chat = state.chats.chat(chatId);
  if (!chat) return badRequest('chat not found');
  if (state.chats.isBlocked(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
  const quoted = v.replyTo === undefined ? undefined : state.chats.message(chatId, v.replyTo);
  if (v.replyTo !== undefined && !quoted) return badRequest('message to be replied not found');
  const failure = scripted(state, 'sendMessage');
  if (failure) return failure;

  const { username, ...bot } = state.bot;
  const message: MessageObject = {
    message_id: state.chats.nextMessageId(chatId),
    from: { ...bot, username },
    chat,
    date: seconds(state),
    text: v.text,
    ...(quoted ? { reply_to_message: quoted } : {}),
    ...(v.replyMarkup !== undefined ? { reply_markup: v.replyMarkup } : {}),
  };
  state.chats.note(message);
  state.record(state.sent, {
    chatId,
    messageId: message.message_id,
    text: v.text,
    ...(v.replyMarkup !== undefined ? { replyMarkup: v.replyMarkup } : {}),
    ...(v.replyTo !== undefined ? { replyToMessageId: v.replyTo } : {}),
    ...(v.parseMode !== undefined ? { parseMode: v.parseMode } : {}),
    params: p,
    at: state.now(),
  });
  return ok(message);
}

export function answerCallbackQuery(state: FakeState, p: Record<string, unknown>): Reply {
  const v = validateAnswerCallback(p);
  if (isReply(v)) return v;
  const query = state.callbacks.get(v.callbackQueryId);
  if (!query || query.answered) return badRequest('query is too old and response timeout expired or query ID is invalid');
  const failure = scripted(state, 'answerCallbackQuery');
  if (failure) return failure;
  query.answered = true;
  state.record(state.answered, {
    callbackQueryId: v.callbackQueryId,
    ...(v.text !== undefined ? { text: v.text } : {}),
    showAlert: v.showAlert,
    at: state.now(),
  });
  return ok(true);
}
