// The external bot's job: build the event, call the integrator's bot outside any transaction, then in one
// transaction re-check that the bot may still speak and apply the whole answer — or, if the answer was refused,
// send the fallback reply and apply nothing of it.
import { and, eq } from 'drizzle-orm';
import { channelCapabilities, type ChannelKind } from '../../channels';
import { checkContactAttribute, contactsTable, getContactAttributes } from '../../contacts';
import { closeConversation, getConversation } from '../../conversations';
import { getSkillset } from '../../routing';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { applyBotDecision, BOT_CLOSE, type BotAction, type BotTurn } from '../apply-decision';
import { callBot, type CallOutcome } from './call-bot';
import type { ExternalBotJobData } from './job';
import type { ExternalBotAnswer, ExternalBotEvent, ExternalBotReply } from './protocol';
import { externalBotConfig } from './settings';
import { externalBotDeliveries, type ExternalBotOutcome } from './tables';

export async function runExternalBot(deps: Deps, job: ExternalBotJobData): Promise<void> {
  const { workspaceId } = job;
  const eventId = job.message.id;
  if (await alreadyHandled(deps.db, workspaceId, eventId)) return;

  const config = await externalBotConfig(deps, workspaceId);
  if (!config) {
    deps.log.warn({ workspaceId, eventId }, 'external bot: no URL configured; message left unanswered');
    await withTx(deps.db, (tx) => mark(deps, tx, job, { outcome: 'skipped', reason: 'no external bot configured' }));
    return;
  }
  // Cheap early look: no call at all when an agent already has the conversation (re-checked under lock below).
  const before = await mayStillSpeak(deps, deps.db, job);
  if (!before.ok) {
    await skip(deps, job, before.reason);
    return;
  }

  const event = await buildEvent(deps.db, job, before.state);
  const body = JSON.stringify(event);
  const outcome = await callBot(config, body, { timestamp: Math.floor(deps.clock.now().getTime() / 1000), eventId });

  await withTx(deps.db, async (tx) => {
    const now = await mayStillSpeak(deps, tx, job, true);
    if (!now.ok) return void (await skipIn(deps, tx, job, now.reason));
    const turn: BotTurn = { workspaceId, conversationId: job.conversationId, contactId: job.contactId, channelId: job.channelId };
    const facts = { httpStatus: outcome.status ?? null, latencyMs: outcome.latencyMs };
    let refused = outcome.ok ? await checkAnswer(tx, workspaceId, outcome.answer) : outcome.reason;

    let marked = false;
    if (outcome.ok && refused === null) {
      if (!(await mark(deps, tx, job, { outcome: 'applied', reason: null, ...facts }))) return;
      marked = true;
      try {
        // In a savepoint: a reply the channel cannot carry undoes every part of the answer, not just itself.
        await tx.transaction((sp) => applyAnswer(deps, sp as unknown as Db, turn, outcome.answer, job.channelKind));
        return;
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        refused = `the answer could not be applied: ${err.message}`;
      }
    }
    const reason = refused ?? 'refused';
    deps.log.warn(
      { workspaceId, eventId, conversationId: job.conversationId, reason, ...facts },
      'external bot answer refused; fallback sent',
    );
    if (marked) await markFallback(tx, job, reason);
    else if (!(await mark(deps, tx, job, { outcome: 'fallback', reason, ...facts }))) return;
    try {
      await tx.transaction((sp) =>
        applyBotDecision(deps, sp as unknown as Db, turn, { replies: [{ type: 'text', text: config.fallbackReply }], actions: [] }),
      );
    } catch (err) {
      // The fallback cannot go out either (e.g. the 24-hour window closed meanwhile): logged, nothing else to do.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      deps.log.warn({ workspaceId, eventId, reason: err.message }, 'external bot fallback reply not sent');
    }
  });
}

/** This run's "applied" marker, turned into "fallback" because its answer could not be applied. */
async function markFallback(tx: Db, job: ExternalBotJobData, reason: string) {
  await tx
    .update(externalBotDeliveries)
    .set({ outcome: 'fallback', reason: reason.slice(0, 1000) })
    .where(and(eq(externalBotDeliveries.workspaceId, job.workspaceId), eq(externalBotDeliveries.messageId, job.message.id)));
}

/**
 * Everything the protocol cannot say on its own, checked before anything is applied: each skillset exists in the
 * workspace, each attribute is defined and its value fits its type. Returns the reason to refuse, or null.
 */
async function checkAnswer(tx: Db, workspaceId: string, answer: ExternalBotAnswer): Promise<string | null> {
  for (const [i, a] of (answer.actions ?? []).entries()) {
    try {
      if (a.type === 'handoff' && a.skillsetId) await getSkillset(tx, workspaceId, a.skillsetId);
      if (a.type === 'set_attribute') await checkContactAttribute(tx, workspaceId, a.key, a.value);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const what = err.code === 'not_found' ? `skillset ${a.type === 'handoff' ? a.skillsetId : ''} does not exist` : err.message;
      return `the answer is invalid at actions.${i}: ${what}`;
    }
  }
  return null;
}

/** Replies, then attributes and goals, then the handoff or the close (at most one of those, the last step). */
async function applyAnswer(deps: Deps, tx: Db, turn: BotTurn, answer: ExternalBotAnswer, channelKind: string) {
  const actions: BotAction[] = [];
  let close: { reason?: string } | undefined;
  for (const a of answer.actions ?? []) {
    if (a.type === 'close') close = a;
    // Like the built-in bot's: a handoff the bot asks for counts one unresolved query (seed 000).
    else if (a.type === 'handoff')
      actions.push({ type: 'handoff', skillsetId: a.skillsetId ?? null, reason: 'phrase' }, { type: 'unresolved_query' });
    else if (a.type === 'set_attribute') actions.push({ type: 'set_attribute', key: a.key, value: a.value as string | number | boolean });
    else actions.push({ type: 'goal', name: a.name });
  }
  // Handoff last, whatever order the bot listed it in, so attributes and goals land while the bot holds the chat.
  actions.sort((x, y) => Number(x.type === 'handoff') - Number(y.type === 'handoff'));
  await applyBotDecision(deps, tx, turn, { replies: (answer.replies ?? []).map((r) => fitChannel(r, channelKind)), actions });
  if (close) {
    const conv = await getConversation(tx, turn.workspaceId, turn.conversationId, true);
    if (conv.state === 'bot') await closeConversation(deps, tx, { ...turn, reason: close.reason ?? BOT_CLOSE.reason, by: BOT_CLOSE.by });
  }
}

/** Buttons on a channel that cannot show them (the widget) go as numbered text; the customer answers by typing. */
function fitChannel(reply: ExternalBotReply, channelKind: string): ExternalBotReply {
  if (reply.type !== 'buttons' || channelCapabilities(channelKind as ChannelKind).buttons) return reply;
  return { type: 'text', text: [reply.text, ...reply.buttons.map((b, i) => `${i + 1}. ${b.title}`)].join('\n') };
}

type SpeakCheck = { ok: true; state: string } | { ok: false; reason: string };

async function mayStillSpeak(deps: Deps, db: Db, job: ExternalBotJobData, lock = false): Promise<SpeakCheck> {
  const conv = await getConversation(db, job.workspaceId, job.conversationId, lock);
  if (conv.state !== 'bot') return { ok: false, reason: `the conversation is now ${conv.state}` };
  const [contact] = await db
    .select({ botPausedUntil: contactsTable.botPausedUntil })
    .from(contactsTable)
    .where(and(eq(contactsTable.workspaceId, job.workspaceId), eq(contactsTable.id, job.contactId)));
  if (contact?.botPausedUntil && contact.botPausedUntil > deps.clock.now())
    return { ok: false, reason: 'the bot is paused for this contact' };
  return { ok: true, state: conv.state };
}

async function buildEvent(db: Db, job: ExternalBotJobData, state: string): Promise<ExternalBotEvent> {
  const [contact] = await db
    .select({
      firstName: contactsTable.firstName,
      lastName: contactsTable.lastName,
      channelName: contactsTable.channelName,
      phone: contactsTable.phone,
    })
    .from(contactsTable)
    .where(and(eq(contactsTable.workspaceId, job.workspaceId), eq(contactsTable.id, job.contactId)));
  const typed = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
  return {
    event: 'message',
    id: job.message.id,
    workspaceId: job.workspaceId,
    conversation: { id: job.conversationId, state, channelKind: job.channelKind },
    contact: {
      id: job.contactId,
      name: typed || contact?.channelName || null,
      ...(contact?.phone ? { phone: contact.phone } : {}),
      attributes: await getContactAttributes(db, job.workspaceId, job.contactId),
    },
    message: job.message,
    sentAt: job.sentAt,
  };
}

async function alreadyHandled(db: Db, workspaceId: string, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ outcome: externalBotDeliveries.outcome })
    .from(externalBotDeliveries)
    .where(and(eq(externalBotDeliveries.workspaceId, workspaceId), eq(externalBotDeliveries.messageId, messageId)));
  return Boolean(row);
}

/** Insert the processed marker; false when another run got there first (then this run applies nothing). */
async function mark(
  deps: Deps,
  tx: Db,
  job: ExternalBotJobData,
  r: { outcome: ExternalBotOutcome; reason: string | null; httpStatus?: number | null; latencyMs?: number | null },
): Promise<boolean> {
  const rows = await tx
    .insert(externalBotDeliveries)
    .values({
      workspaceId: job.workspaceId,
      messageId: job.message.id,
      conversationId: job.conversationId,
      outcome: r.outcome,
      reason: r.reason?.slice(0, 1000) ?? null,
      httpStatus: r.httpStatus ?? null,
      latencyMs: r.latencyMs ?? null,
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing()
    .returning({ messageId: externalBotDeliveries.messageId });
  return rows.length > 0;
}

async function skip(deps: Deps, job: ExternalBotJobData, reason: string) {
  await withTx(deps.db, (tx) => skipIn(deps, tx, job, reason));
}

async function skipIn(deps: Deps, tx: Db, job: ExternalBotJobData, reason: string) {
  deps.log.info(
    { workspaceId: job.workspaceId, eventId: job.message.id, conversationId: job.conversationId, reason },
    'external bot skipped',
  );
  await mark(deps, tx, job, { outcome: 'skipped', reason });
}

export type { CallOutcome };
