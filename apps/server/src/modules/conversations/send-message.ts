import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { channelKindOf, sendMessageJob, validateOutboundContent, type OutboundRequestContent } from '../channels';
import { outboundStatsUpdate, windowClosesAt } from '../contacts';
import { executeTogether, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { trackLinks } from './links';
import { sessionSecondsAdded, sessionTouchCtes } from './sessions';
import { conversationTouchedByUs } from './state';
import { messages } from './tables';

export type OutboundContent = OutboundRequestContent;

export interface QueueOutboundInput {
  workspaceId: string;
  conversationId: string;
  contactId: string;
  channelId: string;
  senderType: 'bot' | 'agent' | 'system' | 'api';
  senderUserId?: string;
  content: OutboundContent;
  /**
   * The caller knows the 24-hour window is open at least until then (the bot answering the customer message it
   * is processing): no need to read it.
   */
  windowOpenUntil?: Date;
}

/**
 * Queue a message to the customer in the caller's transaction: free-form only inside the 24-hour window
 * (templates always), links made trackable, statistics and session updated, and a send job enqueued that
 * exists only if the transaction commits.
 */
export async function queueOutbound(deps: Deps, tx: Db, input: QueueOutboundInput): Promise<string> {
  const { content, ...rest } = input;
  const [messageId] = await queueOutboundMany(deps, tx, { ...rest, contents: [content] });
  return messageId!;
}

/**
 * Several messages to one customer at once, in order (the bot's greeting and its menu): what `queueOutbound`
 * does for each, with the window, settings, session and conversation handled once. The bot answers inside the
 * inbound transaction, where every round trip counts: the messages, their session, the contact's statistics, the
 * conversation's touch, the realtime events and their send job go in one statement.
 */
export async function queueOutboundMany(
  deps: Deps,
  tx: Db,
  input: Omit<QueueOutboundInput, 'content'> & {
    contents: readonly OutboundContent[];
    /** The caller's own writes (named data-modifying common table expressions), done in the same statement. */
    alsoWrite?: readonly SQL[];
  },
): Promise<string[]> {
  const alsoWrite = input.alsoWrite ?? [];
  if (input.contents.length === 0) {
    if (alsoWrite.length > 0) await executeTogether(tx, alsoWrite, sql`1`);
    return [];
  }
  const now = deps.clock.now();
  const kind = await channelKindOf(tx, input.workspaceId, input.channelId);
  for (const content of input.contents) validateOutboundContent(content, kind);
  const freeForm = input.contents.filter((c) => c.type !== 'template');
  // The 24-hour customer service window is WhatsApp's rule; Telegram bots and the widget may write any time.
  if (freeForm.length > 0 && kind === 'whatsapp' && !(input.windowOpenUntil && input.windowOpenUntil > now)) {
    const closes = await windowClosesAt(tx, input.workspaceId, input.channelId, input.contactId);
    if (!closes || closes <= now) {
      throw new AppError('window_closed', 'The 24-hour window is closed: only a template can be sent to this customer now', {
        windowClosedAt: closes?.toISOString() ?? null,
      });
    }
  }
  // Ids made here keep the messages in the order given (their `seq` follows the VALUES order too).
  const rows = input.contents.map((content) => ({
    id: randomUUID(),
    workspaceId: input.workspaceId,
    conversationId: input.conversationId,
    contactId: input.contactId,
    channelId: input.channelId,
    direction: 'out' as const,
    senderType: input.senderType,
    senderUserId: input.senderUserId ?? null,
    type: content.type,
    text: content.text,
    content: content as unknown as Record<string, unknown>,
    isTemplate: content.type === 'template',
    status: 'queued' as const,
    createdAt: now,
    arrivedAt: now,
  }));
  const byAgent = input.senderType === 'agent';
  const templates = rows.filter((r) => r.isTemplate).length;
  // Templates are not part of the conversation the customer is having: they join no session.
  const effects: SQL[] = [sql`stored as (${tx.insert(messages).values(rows).getSQL()})`, ...alsoWrite];
  if (freeForm.length > 0) {
    effects.push(sessionTouchCtes({ ...input, at: now, infinite: false, byAgent, count: freeForm.length }));
  }
  const stats = outboundStatsUpdate(tx, input.workspaceId, input.contactId, {
    at: now,
    text: rows[rows.length - 1]!.text,
    templates,
    sessionMessages: rows.length - templates,
    byAgent,
    addedSeconds: freeForm.length > 0 ? sessionSecondsAdded(now) : 0,
  });
  effects.push(
    sql`stats as (${stats.getSQL()})`,
    sql`touched as (${conversationTouchedByUs(tx, input.workspaceId, input.conversationId, now).getSQL()})`,
  );
  const events = rows.map((row) => ({
    name: 'message.created' as const,
    data: { conversationId: input.conversationId, messageId: row.id, contactId: input.contactId },
  }));
  // One job for the messages queued together: sent one after the other, they reach the customer in order (jobs
  // of their own would run in parallel, and a menu could overtake its greeting). It is inserted by the same
  // statement as the messages when pg-boss's insert can be lifted into it.
  const [first, ...then] = rows.map((r) => r.id);
  const sendJob = { workspaceId: input.workspaceId, messageId: first!, ...(then.length ? { then } : {}) };
  const job = await deps.queue.jobStatement(sendMessageJob, sendJob);
  const published = deps.realtime.publishManySql(`workspace:${input.workspaceId}`, events);
  if (job) await executeTogether(tx, [...effects, job.ctes], sql`${published}, ${job.select}`);
  else await executeTogether(tx, effects, published);
  for (const row of rows) {
    if (row.type === 'text') {
      await trackLinks(deps, tx, { workspaceId: input.workspaceId, messageId: row.id, contactId: input.contactId, text: row.text });
    }
  }
  if (!job) await deps.queue.enqueue(tx, sendMessageJob, sendJob);
  return rows.map((r) => r.id);
}
