// The campaign dispatcher: one per campaign at a time (campaign-lock.ts). It checks the campaign can send, releases
// what a crashed run left (reconcile.ts), then runs the sending pipeline (pacer.ts): claims, slots on the number's
// shared limiter, the commit before each call, the calls at their slots, the answers recorded in batches.
import { and, eq, sql } from 'drizzle-orm';
import { getChannel } from '../../channels';
import type { Deps } from '../../../platform/deps';
import { campaignRecipients, campaignSenders, campaigns, messageTemplates } from '../tables';
import { withCampaignLock, type CampaignLease } from './campaign-lock';
import type { ClaimTarget } from './claim';
import { finishIfComplete } from './finish';
import { ensureSender } from './limiter';
import { Pacer } from './pacer';
import { oldestUncertain, reconcileStranded } from './reconcile';

export interface DispatchOptions {
  /** How waiting is done; tests pass one that moves their fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Recipients per claim (default: a quarter of a second's worth at the number's rate, 1–250). */
  batchSize?: number;
  /** Stop after this long (clock time) and ask for a follow-up, so no job runs for hours (default 5 min). */
  maxRunMs?: number;
  /**
   * How long a first 130429 pauses the number (default: 5 send intervals, at least 20 ms — 62 ms at 80/s, 20 ms at
   * 1,000/s; doubled for each one that follows without an accepted call between, up to 10 s).
   */
  throttlePauseMs?: number;
}

export interface DispatchResult {
  /** `busy`: another dispatcher holds the campaign. Otherwise the campaign's status at the end. */
  state: 'busy' | 'missing' | string;
  calls: number;
  /** When there will be work again (deferred or uncertain recipients, a schedule): the follow-up's time. */
  wakeAt: Date | null;
}

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
  const pacer = new Pacer({
    deps,
    target,
    channel,
    rate,
    batchSize: opts.batchSize ?? Math.min(250, Math.max(1, Math.round(rate / 4))),
    sleep: opts.sleep,
    // WhatsApp counts a sliding second, which frees a place every interval at our pace: a few intervals are enough
    // after one 130429, and the doubling answers a limit that does not free up.
    throttlePauseMs: opts.throttlePauseMs ?? Math.max(20, Math.round(5000 / rate)),
    deadline: deps.clock.now().getTime() + (opts.maxRunMs ?? 300_000),
    held: () => lease.held(),
    status: async () => (await loadCampaign(deps, workspaceId, campaignId))?.status,
  });
  await pacer.run();
  if (pacer.error) throw pacer.error;
  if (pacer.authFailed) {
    await deps.db
      .update(campaigns)
      .set({ status: 'paused', updatedAt: deps.clock.now() })
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId), eq(campaigns.status, 'sending')));
  }
  const finished = await finishIfComplete(deps, deps.db, workspaceId, campaignId);
  const state = finished ?? (await loadCampaign(deps, workspaceId, campaignId))?.status ?? 'missing';
  return {
    state,
    calls: pacer.calls,
    wakeAt: state === 'sending' ? (pacer.outOfTime ? deps.clock.now() : await nextWake(deps, workspaceId, campaignId)) : null,
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
