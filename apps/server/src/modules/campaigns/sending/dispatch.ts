// The campaign dispatcher: one per campaign at a time (campaign-lock.ts), it claims due recipients in batches, paces
// their calls on the number's shared limiter, commits each recipient as `sending` just before its call, and records
// the answers. Two batches are in flight at once: the next is claimed and its slots reserved while the current one's
// calls go out, so database work does not eat into the configured rate.
import { and, eq, sql } from 'drizzle-orm';
import { getChannel, sendOutbound, type ChannelRow } from '../../channels';
import type { Deps } from '../../../platform/deps';
import { campaignRecipients, campaignSenders, campaigns, messageTemplates } from '../tables';
import { withCampaignLock, type CampaignLease } from './campaign-lock';
import { claimRecipients, markCalling, type ClaimedRecipient, type ClaimTarget } from './claim';
import { finishIfComplete } from './finish';
import { recordFired, waitForWindow } from './fire-window';
import { ensureSender, pauseSender, reserveSlots } from './limiter';
import { recordOutcomes, verdictOf, type Outcome } from './outcomes';
import { oldestUncertain, reconcileStranded } from './reconcile';

export interface DispatchOptions {
  /** How waiting is done; tests pass one that moves their fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Recipients per claim (default: a quarter of a second's worth at the number's rate, 1–250). */
  batchSize?: number;
  /** Stop after this long (clock time) and ask for a follow-up, so no job runs for hours (default 5 min). */
  maxRunMs?: number;
  /** How long a first 130429 pauses the number (default 100 ms; doubled for each one that follows, up to 10 s). */
  throttlePauseMs?: number;
}

export interface DispatchResult {
  /** `busy`: another dispatcher holds the campaign. Otherwise the campaign's status at the end. */
  state: 'busy' | 'missing' | string;
  calls: number;
  /** When there will be work again (deferred or uncertain recipients, a schedule): the follow-up's time. */
  wakeAt: Date | null;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const IN_FLIGHT_BATCHES = 2;
const MIN_WAVE_MS = 4;
const MAX_THROTTLE_PAUSE_MS = 10_000;

/** Run the campaign's dispatcher if no other process runs it; returns at once with `busy` otherwise. */
export async function dispatchCampaign(
  deps: Deps,
  input: { workspaceId: string; campaignId: string },
  opts: DispatchOptions = {},
): Promise<DispatchResult> {
  const r = await withCampaignLock(deps, input.campaignId, (lease) => runDispatcher(deps, input, lease, opts));
  return r.ran ? r.value : { state: 'busy', calls: 0, wakeAt: null };
}

async function loadCampaign(deps: Deps, workspaceId: string, id: string) {
  const [c] = await deps.db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  return c;
}

async function runDispatcher(
  deps: Deps,
  { workspaceId, campaignId }: { workspaceId: string; campaignId: string },
  lease: CampaignLease,
  opts: DispatchOptions,
): Promise<DispatchResult> {
  const sleep = opts.sleep ?? realSleep;
  let c = await loadCampaign(deps, workspaceId, campaignId);
  if (!c) return { state: 'missing', calls: 0, wakeAt: null };
  const now = deps.clock.now();
  if (c.status === 'scheduled') {
    if (c.scheduledAt && c.scheduledAt > now) return { state: 'scheduled', calls: 0, wakeAt: c.scheduledAt };
    const [started] = await deps.db
      .update(campaigns)
      .set({ status: 'sending', startedAt: sql`coalesce(${campaigns.startedAt}, ${now.toISOString()}::timestamptz)`, updatedAt: now })
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId), eq(campaigns.status, 'scheduled')))
      .returning();
    if (started) c = started;
  }
  if (c.status !== 'sending') return { state: c.status, calls: 0, wakeAt: null };
  if (!c.channelId || !c.templateId) return pauseBroken(deps, c, 'it has no WhatsApp number or template');
  const [template] = await deps.db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.workspaceId, workspaceId), eq(messageTemplates.id, c.templateId)));
  if (!template) return pauseBroken(deps, c, 'its template no longer exists');
  const channel = await getChannel(deps.db, workspaceId, c.channelId);
  await ensureSender(deps.db, workspaceId, channel.id, now);
  await reconcileStranded(deps, workspaceId, campaignId, channel.id);

  const target: ClaimTarget = {
    workspaceId,
    campaignId,
    channelId: channel.id,
    template: { name: template.name, language: template.language, content: template.content },
  };
  const [sender] = await deps.db
    .select({ mps: campaignSenders.messagesPerSecond })
    .from(campaignSenders)
    .where(eq(campaignSenders.channelId, channel.id));
  const rate = sender?.mps ?? 80;
  const run = new Run(deps, target, channel, sleep, opts.throttlePauseMs ?? 100, rate);
  const batchSize = opts.batchSize ?? Math.min(250, Math.max(1, Math.round(rate / 4)));
  const deadline = run.now() + (opts.maxRunMs ?? 300_000);
  let more = false;
  const inFlight: Promise<void>[] = [];
  for (;;) {
    if (!lease.held() || run.authFailed || run.error) break;
    const status = (await loadCampaign(deps, workspaceId, campaignId))?.status;
    if (status !== 'sending') break;
    if (run.now() > deadline) {
      more = true;
      break;
    }
    const batch = await claimRecipients(deps, target, batchSize);
    if (batch.length === 0) {
      if (inFlight.length === 0) break;
      // Answers still coming may give recipients back (a 130429) or defer them: claim again once they are in.
      await Promise.all(inFlight.splice(0));
      continue;
    }
    const slots = await run.reserve(batch.length);
    inFlight.push(run.sendBatch(batch, slots));
    if (inFlight.length >= IN_FLIGHT_BATCHES) await inFlight.shift();
  }
  await Promise.all(inFlight);
  if (run.error) throw run.error;
  if (run.authFailed) {
    await deps.db
      .update(campaigns)
      .set({ status: 'paused', updatedAt: deps.clock.now() })
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId), eq(campaigns.status, 'sending')));
  }
  const finished = await finishIfComplete(deps, deps.db, workspaceId, campaignId);
  const state = finished ?? (await loadCampaign(deps, workspaceId, campaignId))?.status ?? 'missing';
  return {
    state,
    calls: run.calls,
    wakeAt: state === 'sending' ? (more ? deps.clock.now() : await nextWake(deps, workspaceId, campaignId)) : null,
  };
}

async function pauseBroken(deps: Deps, c: { workspaceId: string; id: string }, why: string): Promise<DispatchResult> {
  deps.log.error({ campaignId: c.id }, `campaign paused: ${why}`);
  await deps.db
    .update(campaigns)
    .set({ status: 'paused', updatedAt: deps.clock.now() })
    .where(and(eq(campaigns.workspaceId, c.workspaceId), eq(campaigns.id, c.id), eq(campaigns.status, 'sending')));
  return { state: 'paused', calls: 0, wakeAt: null };
}

/** When a follow-up run will find work: the first deferred recipient, or the first uncertain one's reconciliation. */
async function nextWake(deps: Deps, workspaceId: string, campaignId: string): Promise<Date> {
  const r = campaignRecipients;
  const now = deps.clock.now();
  const [row] = await deps.db
    .select({ at: sql<Date | null>`min(coalesce(${r.notBefore}, ${now.toISOString()}::timestamptz))`.mapWith(r.notBefore) })
    .from(r)
    .where(and(eq(r.workspaceId, workspaceId), eq(r.campaignId, campaignId), eq(r.status, 'pending')));
  const uncertain = await oldestUncertain(deps, workspaceId, campaignId);
  const reconcileAt = uncertain ? new Date(uncertain.getTime() + deps.config.campaigns.reconcileSeconds * 1000) : null;
  const candidates = [row?.at, reconcileAt].filter((d): d is Date => d instanceof Date);
  const at = candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : new Date(now.getTime() + 60_000);
  return at < now ? now : at;
}

/** One dispatcher run's sending state: pacing, the calls in flight, what stops it. */
class Run {
  calls = 0;
  authFailed = false;
  error: unknown;
  /** A 130429 answered in this run: slots not yet fired wait for the pause instead of hitting it too. */
  private throttledUntil = 0;
  /** 130429s since the last accepted call: each doubles the pause (backoff), an accepted call resets it. */
  private throttleStreak = 0;

  constructor(
    private readonly deps: Deps,
    private readonly target: ClaimTarget,
    private readonly channel: ChannelRow,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly throttlePauseMs: number,
    private readonly rate: number,
  ) {
    this.clockAtStart = deps.clock.now().getTime();
  }

  private readonly clockAtStart: number;
  private readonly realAtStart = performance.now();
  /**
   * The run's time: the clock's, but never behind the real time that passed since the run started — under a clock
   * that does not move while we sleep (a test's fake clock with a real sleep), slots still come due.
   */
  now = () => Math.max(this.deps.clock.now().getTime(), this.clockAtStart + (performance.now() - this.realAtStart));

  /** Slots for `count` calls, waiting out a 130429 pause of the number (set by any process). */
  async reserve(count: number): Promise<number[]> {
    for (;;) {
      const res = await reserveSlots(this.deps.db, this.target.channelId, count, new Date(this.now()));
      if (res.ok) return res.slots;
      await this.sleep(Math.max(1, res.pausedUntil - this.now()));
    }
  }

  /** Fire the batch's calls at their slots, in waves of those due, then record the answers. Never rejects. */
  async sendBatch(batch: ClaimedRecipient[], slots: number[]): Promise<void> {
    try {
      const answers: Array<Promise<Outcome>> = [];
      let i = 0;
      while (i < batch.length) {
        const now = this.now();
        if (this.throttledUntil > now || this.authFailed) {
          // Never called: give them back for the next claim, after the pause.
          for (; i < batch.length; i++) answers.push(Promise.resolve({ kind: 'giveBack', id: batch[i]!.id, reason: null }));
          break;
        }
        if (slots[i]! > now) {
          // Waking at least every few ms gathers the slots due meanwhile into one wave: one commit before their calls
          // instead of one per call at high rates. (A call leaves at most that late; never early.)
          await this.sleep(Math.max(slots[i]! - now, Math.min(MIN_WAVE_MS, slots[Math.min(i + 1, slots.length - 1)]! - now)));
          continue;
        }
        let j = i;
        while (j < batch.length && slots[j]! <= now) j++;
        const late = waitForWindow(this.target.channelId, this.rate, j - i, now);
        if (late > 0) {
          await this.sleep(late);
          continue;
        }
        const wave = batch.slice(i, j);
        i = j;
        recordFired(this.target.channelId, this.rate, wave.length, now);
        const calling = await markCalling(
          this.deps.db,
          this.target.workspaceId,
          wave.map((r) => r.id),
          this.deps.clock.now(),
        );
        for (const r of wave) answers.push(calling.has(r.id) ? this.call(r) : Promise.resolve({ kind: 'gone', id: r.id }));
      }
      await recordOutcomes(this.deps, this.target.workspaceId, this.target.channelId, await Promise.all(answers));
    } catch (err) {
      // A database failure: what was called stays `sending` and is reconciled by the next run.
      this.error ??= err;
    }
  }

  private async call(r: ClaimedRecipient): Promise<Outcome> {
    this.calls++;
    try {
      const res = await sendOutbound(this.deps, this.channel, {
        recipientKeys: [`wa:${r.phone.replace(/^\+/, '')}`],
        content: r.content,
        correlationId: r.messageId,
      });
      this.throttleStreak = 0;
      return {
        kind: 'accepted',
        id: r.id,
        messageId: r.messageId,
        contactId: r.contactId,
        providerMessageId: res.providerMessageId,
        ...(res.recipientKey ? { recipientKey: res.recipientKey } : {}),
      };
    } catch (err) {
      const verdict = verdictOf(err, r, this.deps.clock.now());
      if (verdict.throttled) await this.throttled();
      if (verdict.auth && !this.authFailed) {
        this.authFailed = true;
        this.deps.log.error({ err, campaignId: this.target.campaignId }, 'campaign paused: the WhatsApp number refused our access');
      }
      const { throttled: _t, auth: _a, ...outcome } = verdict;
      return outcome as Outcome;
    }
  }

  private async throttled(): Promise<void> {
    const now = this.now();
    if (this.throttledUntil > now) return;
    const ms = Math.min(MAX_THROTTLE_PAUSE_MS, this.throttlePauseMs * 2 ** this.throttleStreak++);
    this.throttledUntil = now + ms;
    this.deps.log.warn({ channelId: this.target.channelId, pauseMs: ms }, 'WhatsApp throughput limit (130429): pausing the number');
    await pauseSender(this.deps.db, this.target.channelId, new Date(now), ms);
  }
}
