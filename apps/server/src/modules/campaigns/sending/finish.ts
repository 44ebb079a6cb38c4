import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { campaignRecipients, campaigns } from '../tables';

/**
 * A sending campaign is done when every recipient is terminal (none pending, none sending): `done`, or
 * `done_with_failures` when any failed. One conditional UPDATE, so it happens once whoever checks.
 */
export async function finishIfComplete(deps: Deps, db: Db, workspaceId: string, campaignId: string): Promise<string | null> {
  const r = campaignRecipients;
  const now = deps.clock.now();
  const [row] = await db
    .update(campaigns)
    .set({
      status: sql`case when exists (select 1 from ${r} where ${r.workspaceId} = ${workspaceId} and ${r.campaignId} = ${campaignId}
        and ${r.status} = 'failed') then 'done_with_failures' else 'done' end`,
      finishedAt: now,
      updatedAt: now,
    })
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        eq(campaigns.id, campaignId),
        eq(campaigns.status, 'sending'),
        sql`not exists (select 1 from ${r} where ${r.workspaceId} = ${workspaceId} and ${r.campaignId} = ${campaignId}
          and ${r.status} in ('pending', 'sending'))`,
      ),
    )
    .returning({ status: campaigns.status });
  return row?.status ?? null;
}
