import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { campaigns } from '../tables';
import { dispatchCampaignJob } from './job-definitions';

/**
 * Wake the campaign's dispatcher (after the wizard's confirm, a resume…): a dispatch job, at the scheduled time when
 * that is still ahead. Pass the transaction that changed the campaign as `tx` so the job exists only if it commits.
 * Cheap to call twice: a second dispatcher finds the campaign's lock held and leaves.
 */
export async function kickCampaign(deps: Deps, workspaceId: string, campaignId: string, opts: { tx?: Db } = {}): Promise<void> {
  const db = opts.tx ?? deps.db;
  const [c] = await db
    .select({ status: campaigns.status, scheduledAt: campaigns.scheduledAt })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  if (!c || (c.status !== 'scheduled' && c.status !== 'sending')) return;
  const startAfter = c.status === 'scheduled' && c.scheduledAt && c.scheduledAt > deps.clock.now() ? c.scheduledAt : undefined;
  await deps.queue.enqueue(opts.tx, dispatchCampaignJob, { workspaceId, campaignId }, startAfter ? { startAfter } : {});
}

/**
 * The minute's scan (a recurring job, so it survives restarts: the rows are the truth, not a timer): every scheduled
 * campaign that is due, and every campaign still `sending` — one whose dispatcher died gets a new one; one whose
 * dispatcher is alive sees the new job leave at once.
 */
export async function scanCampaigns(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({ workspaceId: campaigns.workspaceId, id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'scheduled'), lte(campaigns.scheduledAt, now)));
  const running = await deps.db
    .select({ workspaceId: campaigns.workspaceId, id: campaigns.id })
    .from(campaigns)
    .where(inArray(campaigns.status, ['sending']));
  const all = [...due, ...running];
  await deps.queue.enqueueMany(
    undefined,
    dispatchCampaignJob,
    all.map((c) => ({ workspaceId: c.workspaceId, campaignId: c.id })),
  );
  return all.length;
}
