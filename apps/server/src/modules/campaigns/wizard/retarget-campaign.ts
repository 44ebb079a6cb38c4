import { sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import type { Principal } from '../../identity';
import { campaignAudience, campaignRecipients, campaigns } from '../tables';
import { loadCampaign } from './drafts';

const FINISHED = new Set(['done', 'done_with_failures', 'cancelled']);

/**
 * A new draft whose audience is the failed recipients of a finished campaign, in their original order, with the same
 * number, template, variables and quick replies (file cells are carried along, so column variables still resolve).
 */
export async function retargetCampaign(deps: Deps, p: Principal, id: string): Promise<{ id: string; rows: number }> {
  const ws = p.workspaceId;
  const now = deps.clock.now();
  const source = await loadCampaign(deps.db, ws, id);
  if (!FINISHED.has(source.status)) {
    throw new AppError('conflict', `The campaign is ${source.status.replaceAll('_', ' ')}: only a finished campaign can be retargeted`);
  }
  return withTx(deps.db, async (tx) => {
    const [draft] = await tx
      .insert(campaigns)
      .values({
        workspaceId: ws,
        name: `${source.name} (retarget)`.slice(0, 120),
        channelId: source.channelId,
        templateId: source.templateId,
        mode: 'immediate',
        includeActive: source.includeActive,
        audienceSource: source.audienceSource,
        audienceFile: source.audienceFile,
        variables: source.variables,
        interactive: source.interactive,
        retargetOf: source.id,
        createdBy: p.kind === 'user' ? p.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: campaigns.id });
    const result = await tx.execute(sql`
      with added as (
        insert into ${campaignAudience} (workspace_id, campaign_id, row_no, phone, name, contact_id, cells)
        select r.workspace_id, ${draft!.id}::uuid, row_number() over (order by r.row_no), r.phone, a.name, r.contact_id, a.cells
        from ${campaignRecipients} r
        left join ${campaignAudience} a on a.workspace_id = r.workspace_id and a.campaign_id = r.campaign_id and a.row_no = r.row_no
        where r.workspace_id = ${ws}::uuid and r.campaign_id = ${id}::uuid and r.status = 'failed'
        returning 1
      )
      select count(*)::int as n from added`);
    const rows = Number((result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0);
    if (rows === 0) throw new AppError('conflict', 'The campaign has no failed recipients to retarget');
    return { id: draft!.id, rows };
  });
}
