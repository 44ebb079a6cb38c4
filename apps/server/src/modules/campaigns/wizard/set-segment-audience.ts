import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { AppError, invalidField } from '../../../platform/errors';
import { contactDisplayName, contactsTable, segmentAudience } from '../../contacts';
import type { Principal } from '../../identity';
import { campaignAudience } from '../tables';
import { clearAudience } from './audience-rows';
import { lockDraft, touchDraft } from './drafts';
import { uuidArray } from './set-customers-audience';

/** The audience from a segment's members now (archived contacts never belong to an audience), replacing it. */
export async function setSegmentAudience(deps: Deps, p: Principal, id: string, segmentId: string): Promise<{ rows: number }> {
  const ws = p.workspaceId;
  const max = deps.config.campaigns.maxAudienceRows;
  return withTx(deps.db, async (tx) => {
    await lockDraft(tx, ws, id);
    await clearAudience(tx, ws, id);
    let rows = 0;
    try {
      for await (const page of segmentAudience(tx, ws, segmentId, { now: deps.clock.now(), pageSize: 2000 })) {
        if (rows + page.length > max)
          throw invalidField('segmentId', `the segment has more than ${max.toLocaleString('en')} customers (the most per campaign)`);
        await tx.execute(sql`
          insert into ${campaignAudience} (workspace_id, campaign_id, row_no, phone, name, contact_id)
          select ${ws}::uuid, ${id}::uuid, ${rows}::int + row_number() over (order by ${contactsTable.id}), ${contactsTable.phone}, ${contactDisplayName}, ${contactsTable.id}
          from ${contactsTable}
          where ${and(eq(contactsTable.workspaceId, ws), sql`${contactsTable.id} = any(${uuidArray(page)}::uuid[])`)}`);
        rows += page.length;
      }
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw invalidField('segmentId', 'is not a segment of this workspace');
      throw err;
    }
    if (rows === 0) throw invalidField('segmentId', 'the segment has no customers');
    await touchDraft(tx, ws, id, deps.clock.now(), { audienceSource: 'segment', segmentId, audienceFile: null });
    return { rows };
  });
}
