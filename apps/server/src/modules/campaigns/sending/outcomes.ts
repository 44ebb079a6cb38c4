// What each Graph call's answer means for its recipient (whatsapp-cloud-api.md §6.4), and recording a batch of
// answers: recipients and their conversation messages in one transaction.
import { sql } from 'drizzle-orm';
import { ChannelSendError } from '../../channels';
import { addIdentityKey } from '../../contacts';
import { recordHandedOver, recordNotSent } from '../../conversations';
import { withTx } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { campaignRecipients } from '../tables';

/** Calls that failed transiently (5xx with a Meta error body, network refusals) before the recipient fails. */
export const MAX_TRANSIENT_ATTEMPTS = 5;
/** 131056 (pair rate limit) deferrals, 4^n seconds apart, before the recipient fails. */
export const MAX_PAIR_ATTEMPTS = 7;

export type Outcome =
  /** Meta accepted it: `sent`, with its id. */
  | { kind: 'accepted'; id: string; messageId: string; providerMessageId: string; contactId: string; recipientKey?: string }
  /** Refused for good: `failed` with the code and reason, never retried. */
  | { kind: 'failed'; id: string; messageId: string; code: number | null; reason: string; details?: string }
  /** Refused for now (known not accepted): back to `pending`, not before then. */
  | { kind: 'retry'; id: string; notBefore: Date; reason: string }
  /** Refused because of the number, not the recipient (130429, an auth problem), or never called: `pending` again, no attempt counted. */
  | { kind: 'giveBack'; id: string; reason: string | null }
  /** No answer we can trust (timeout, dropped connection, 5xx): stays `sending` until a status webhook or reconciliation. */
  | { kind: 'uncertain'; id: string; reason: string }
  /** Skipped by a cancel between the claim and the call: nothing to record. */
  | { kind: 'gone'; id: string };

export type ErrorVerdict = Outcome & { throttled?: true; auth?: true };

/** Classify a failed call of attempt number `attempts` (1 = first call). */
export function verdictOf(
  err: unknown,
  r: { id: string; messageId: string; attempts: number },
  now: Date,
  random: () => number = Math.random,
): ErrorVerdict {
  if (!(err instanceof ChannelSendError)) {
    // Not a provider answer (a bug building the body): nothing reached Meta, and retrying would fail the same way.
    return {
      kind: 'failed',
      id: r.id,
      messageId: r.messageId,
      code: null,
      reason: `Could not send: ${(err as Error)?.message ?? String(err)}`,
    };
  }
  const what = err.code ? `${err.code} ${err.title ?? err.classification}` : (err.title ?? err.message);
  // Meta's own error body (a code) is a refusal even with a 5xx: it read the request and did not send it. Only an
  // answer we never got or could not read (timeout, dropped connection, a bare 5xx) leaves the call uncertain.
  if (err.ambiguous && err.code === undefined) {
    return { kind: 'uncertain', id: r.id, reason: `Awaiting WhatsApp's status: the call's answer was lost (${err.message})` };
  }
  switch (err.classification) {
    case 'throughput_limit':
      return { kind: 'giveBack', id: r.id, reason: `Throughput limit (${what}): waiting for the number`, throttled: true };
    case 'auth':
      return { kind: 'giveBack', id: r.id, reason: `The number's access failed (${what}): campaign paused`, auth: true };
    case 'pair_limit':
      if (r.attempts >= MAX_PAIR_ATTEMPTS) return failed(r, err, `${what}: still over the per-customer rate after ${r.attempts} tries`);
      return { kind: 'retry', id: r.id, notBefore: new Date(now.getTime() + 4 ** (r.attempts - 1) * 1000), reason: `Deferred: ${what}` };
    case 'transient':
    case 'rate_limit': {
      if (r.attempts >= MAX_TRANSIENT_ATTEMPTS) return failed(r, err, `${what}: gave up after ${r.attempts} tries`);
      // 5 s, 10 s, 20 s, 40 s… with ±20 % jitter, so a Meta hiccup does not come back as one synchronized wave.
      const ms = 5000 * 2 ** (r.attempts - 1) * (0.8 + 0.4 * random());
      return { kind: 'retry', id: r.id, notBefore: new Date(now.getTime() + ms), reason: `Retrying: ${what}` };
    }
    default:
      return failed(r, err, err.title ?? err.message);
  }
}

function failed(r: { id: string; messageId: string }, err: ChannelSendError, reason: string): ErrorVerdict {
  return {
    kind: 'failed',
    id: r.id,
    messageId: r.messageId,
    code: err.code ?? null,
    reason,
    ...(err.details ? { details: err.details } : {}),
  };
}

// Arrays as single parameters (unnest): a batch of 250 answers is a handful of parameters, not thousands.
const arr = (values: readonly unknown[]) => sql.param(values);

/**
 * Record a batch of answers in one transaction. Every update is conditional on `sending`: a status webhook that got
 * there first (delivered, read, failed) is never overwritten.
 */
export async function recordOutcomes(deps: Deps, workspaceId: string, channelId: string, outcomes: readonly Outcome[]): Promise<void> {
  const by = <K extends Outcome['kind']>(k: K) => outcomes.filter((o): o is Extract<Outcome, { kind: K }> => o.kind === k);
  const accepted = by('accepted');
  const failed = by('failed');
  const retry = by('retry');
  const giveBack = by('giveBack');
  const uncertain = by('uncertain');
  if (accepted.length + failed.length + retry.length + giveBack.length + uncertain.length === 0) return;
  const now = deps.clock.now();
  const at = sql`${now.toISOString()}::timestamptz`;
  const r = campaignRecipients;
  const where = sql`${r.workspaceId} = ${workspaceId} and ${r.id} = v.id and ${r.status} = 'sending'`;
  const ids = (list: ReadonlyArray<{ id: string }>) => sql`${arr(list.map((o) => o.id))}::uuid[]`;
  await withTx(deps.db, async (tx) => {
    // Messages before recipients, in every transaction that touches both: a status webhook locks the message, then
    // its recipient (recipient-status.ts); the same order here means the two can never deadlock.
    if (accepted.length > 0) {
      await recordHandedOver(
        tx,
        workspaceId,
        accepted.map((o) => ({ messageId: o.messageId, providerMessageId: o.providerMessageId })),
      );
      await tx.execute(sql`update ${r} set status = 'sent', provider_message_id = coalesce(${r.providerMessageId}, v.pid),
        sent_at = coalesce(${r.sentAt}, ${at}), reason = null, updated_at = ${at}
        from unnest(${ids(accepted)}, ${arr(accepted.map((o) => o.providerMessageId))}::text[]) as v(id, pid) where ${where}`);
      // WhatsApp answered another id for this person (Brazil's mobile 9): their reply must find the same contact.
      for (const o of accepted) if (o.recipientKey) await addIdentityKey(tx, workspaceId, channelId, o.contactId, o.recipientKey, now);
    }
    if (failed.length > 0) {
      await recordNotSent(
        deps,
        tx,
        workspaceId,
        failed.map((o) => ({ messageId: o.messageId, code: o.code, title: o.reason, ...(o.details ? { details: o.details } : {}) })),
      );
      await tx.execute(sql`update ${r} set status = 'failed', failed_at = ${at}, error_code = v.code, reason = v.reason, updated_at = ${at}
        from unnest(${ids(failed)}, ${arr(failed.map((o) => o.code))}::int[], ${arr(failed.map((o) => o.reason))}::text[]) as v(id, code, reason)
        where ${where}`);
    }
    if (retry.length > 0) {
      await tx.execute(sql`update ${r} set status = 'pending', sending_at = null, not_before = v.nb, reason = v.reason, updated_at = ${at}
        from unnest(${ids(retry)}, ${arr(retry.map((o) => o.notBefore.toISOString()))}::timestamptz[], ${arr(retry.map((o) => o.reason))}::text[])
          as v(id, nb, reason)
        where ${where}`);
    }
    if (giveBack.length > 0) {
      await tx.execute(sql`update ${r} set status = 'pending', sending_at = null, attempts = greatest(${r.attempts} - 1, 0),
        reason = coalesce(v.reason, ${r.reason}), updated_at = ${at}
        from unnest(${ids(giveBack)}, ${arr(giveBack.map((o) => o.reason))}::text[]) as v(id, reason) where ${where}`);
    }
    if (uncertain.length > 0) {
      await tx.execute(sql`update ${r} set reason = v.reason, updated_at = ${at}
        from unnest(${ids(uncertain)}, ${arr(uncertain.map((o) => o.reason))}::text[]) as v(id, reason) where ${where}`);
    }
  });
}
