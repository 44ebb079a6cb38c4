import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { defineJob, worker } from '../../../platform/queue';
import { syncTemplates } from './sync-templates';

/** Sync one WhatsApp number's WABA in the background (a status webhook named a template we do not know). */
export const templatesSyncJob = defineJob({
  name: 'campaigns.templates-sync',
  schema: z.object({ workspaceId: z.uuid(), channelId: z.uuid() }).strict(),
  retryLimit: 5,
  retryDelaySeconds: 30,
});

async function runSync(deps: Deps, data: { workspaceId: string; channelId: string }): Promise<void> {
  try {
    const result = await syncTemplates(deps, data.workspaceId, data.channelId);
    deps.log.info({ ...data, ...result }, 'templates synced');
  } catch (err) {
    // The number was removed, or Meta refuses its token: retrying cannot help; the next sync will.
    if (err instanceof AppError && err.status < 500) {
      deps.log.warn({ ...data, err: err.message }, 'templates sync refused; not retried');
      return;
    }
    throw err;
  }
}

export const templateJobs = [worker(templatesSyncJob, runSync, 1)];
