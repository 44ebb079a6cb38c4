import { and, eq } from 'drizzle-orm';
import { withTx } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { campaigns } from '../tables';
import { kickCampaign } from './kick';
import { refuse } from './pause-campaign';

/**
 * Resume a paused campaign. Progress lives in the recipient rows, not in a cursor: the dispatcher claims the pending
 * ones, so nobody is skipped, and the sent ones are never pending again, so nobody is repeated.
 */
export async function resumeCampaign(deps: Deps, workspaceId: string, campaignId: string): Promise<void> {
  const resumed = await withTx(deps.db, async (tx) => {
    const [row] = await tx
      .update(campaigns)
      .set({ status: 'sending', updatedAt: deps.clock.now() })
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId), eq(campaigns.status, 'paused')))
      .returning({ id: campaigns.id });
    if (row) await kickCampaign(deps, workspaceId, campaignId, { tx });
    return Boolean(row);
  });
  if (!resumed) await refuse(deps, workspaceId, campaignId, 'resumed', 'only a paused campaign can be resumed');
}
