import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { AppError, notFound } from '../../../platform/errors';
import { campaigns } from '../tables';

/**
 * Pause a sending campaign: its dispatcher stops claiming at its next batch; the calls already in flight finish and
 * are recorded. Nothing else changes, so a resume continues exactly where it stopped.
 */
export async function pauseCampaign(deps: Deps, workspaceId: string, campaignId: string): Promise<void> {
  const now = deps.clock.now();
  const [row] = await deps.db
    .update(campaigns)
    .set({ status: 'paused', updatedAt: now })
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId), eq(campaigns.status, 'sending')))
    .returning({ id: campaigns.id });
  if (!row) await refuse(deps, workspaceId, campaignId, 'paused', 'only a sending campaign can be paused');
}

/** 404 for another workspace's or no campaign; 409 naming the status otherwise. */
export async function refuse(deps: Deps, workspaceId: string, campaignId: string, verb: string, rule: string): Promise<never> {
  const [c] = await deps.db
    .select({ status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  if (!c) throw notFound('Campaign');
  throw new AppError('conflict', `The campaign is ${c.status.replaceAll('_', ' ')} and cannot be ${verb}: ${rule}`, { status: c.status });
}
