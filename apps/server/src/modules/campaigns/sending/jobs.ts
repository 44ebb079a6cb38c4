import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { worker } from '../../../platform/queue';
import { campaigns } from '../tables';
import { deliverTemplate } from './deliver-template';
import { dispatchCampaign, type DispatchOptions } from './dispatch';
import { dispatchCampaignJob, scanCampaignsJob, sendTemplateJob } from './job-definitions';
import { scanCampaigns } from './kick';

/**
 * A dispatch job: run the dispatcher, then queue its follow-up while the campaign still has work (deferred
 * recipients, uncertain ones awaiting reconciliation, a run that stopped at its time limit). The status is read
 * again after the run: a resume that landed while this run held the lock (its own job left at once) is picked up.
 */
export async function runDispatchJob(
  deps: Deps,
  data: { workspaceId: string; campaignId: string },
  opts: DispatchOptions = {},
): Promise<void> {
  const result = await dispatchCampaign(deps, data, opts);
  if (result.state === 'busy' || result.state === 'missing') return;
  const [c] = await deps.db
    .select({ status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, data.workspaceId), eq(campaigns.id, data.campaignId)));
  if (c?.status !== 'sending' && c?.status !== 'scheduled') return;
  const startAfter = result.wakeAt && c.status === result.state ? result.wakeAt : deps.clock.now();
  await deps.queue.enqueue(undefined, dispatchCampaignJob, data, { startAfter });
}

export const campaignSendingJobs = [
  // Each dispatcher holds one connection for its lock: a few campaigns at a time per process.
  worker(dispatchCampaignJob, (deps, data) => runDispatchJob(deps, data), 4),
  worker(scanCampaignsJob, async (deps) => void (await scanCampaigns(deps)), 1),
  worker(sendTemplateJob, (deps, data) => deliverTemplate(deps, data), 4),
];

export const campaignSendingSchedules = [{ job: scanCampaignsJob, cron: '* * * * *' }];
/** Run once when a worker starts: a restarted worker takes running campaigns back at once, not at the next minute. */
export const campaignSendingBootJobs = [scanCampaignsJob];
