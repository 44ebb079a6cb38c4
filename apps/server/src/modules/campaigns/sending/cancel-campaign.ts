import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { recordNotSent } from '../../conversations';
import { withTx } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { campaignRecipients, campaigns } from '../tables';
import { refuse } from './pause-campaign';

export const CANCELLED_REASON = 'Campaign cancelled before this recipient was sent';

/**
 * Cancel a scheduled, sending or paused campaign. Every recipient not yet called — pending, or claimed by a
 * dispatcher that has not committed the call — is skipped in the same transaction; a dispatcher's commit before the
 * call is conditional, so it cannot call a recipient skipped here. Calls already made finish and keep their status.
 */
export async function cancelCampaign(deps: Deps, workspaceId: string, campaignId: string): Promise<{ skipped: number }> {
  const r = campaignRecipients;
  const result = await withTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .update(campaigns)
      .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
      .where(
        and(
          eq(campaigns.workspaceId, workspaceId),
          eq(campaigns.id, campaignId),
          inArray(campaigns.status, ['scheduled', 'sending', 'paused']),
        ),
      )
      .returning({ id: campaigns.id });
    if (!row) return null;
    const skipped = await tx
      .update(r)
      .set({ status: 'skipped', reason: CANCELLED_REASON, notBefore: null, updatedAt: now })
      .where(
        and(
          eq(r.workspaceId, workspaceId),
          eq(r.campaignId, campaignId),
          or(eq(r.status, 'pending'), and(eq(r.status, 'sending'), isNull(r.sendingAt))),
        ),
      )
      .returning({ messageId: r.messageId });
    // A retry's or a claimed recipient's message already sits in the conversation: it will never go out.
    const unsent = skipped.flatMap((s) => (s.messageId ? [{ messageId: s.messageId, code: null, title: CANCELLED_REASON }] : []));
    await recordNotSent(deps, tx, workspaceId, unsent);
    return { skipped: skipped.length };
  });
  if (!result) return refuse(deps, workspaceId, campaignId, 'cancelled', 'only a scheduled, sending or paused campaign can be cancelled');
  return result;
}
