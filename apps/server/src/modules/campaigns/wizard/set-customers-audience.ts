import type { SetCustomersAudienceRequest } from '@parley/contracts';
import { and, count, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { invalidField } from '../../../platform/errors';
import { contactDisplayName, contactsTable, selectionWhere } from '../../contacts';
import type { Principal } from '../../identity';
import { campaignAudience } from '../tables';
import { clearAudience } from './audience-rows';
import { lockDraft, touchDraft } from './drafts';

/**
 * The audience from picked customers (ids, in the order given) or from everyone the contacts list's search, filter
 * and segment match now ("add all matching", in creation order). Replaces the audience; one INSERT … SELECT.
 */
export async function setCustomersAudience(
  deps: Deps,
  p: Principal,
  id: string,
  input: SetCustomersAudienceRequest,
): Promise<{ rows: number }> {
  const now = deps.clock.now();
  const max = deps.config.campaigns.maxAudienceRows;
  const ws = p.workspaceId;
  // A bad filter is a 400 naming filter.filter before anything is locked.
  const where = input.filter
    ? await selectionWhere(deps.db, ws, input.filter, now, { filter: 'filter.filter', segment: 'filter.segment' })
    : and(eq(contactsTable.workspaceId, ws), sql`${contactsTable.id} = any(${uuidArray(input.contactIds!)}::uuid[])`)!;
  return withTx(deps.db, async (tx) => {
    await lockDraft(tx, ws, id);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(contactsTable).where(where);
    if (input.contactIds) {
      const unique = new Set(input.contactIds);
      if (n < unique.size) {
        const found = new Set((await tx.select({ id: contactsTable.id }).from(contactsTable).where(where)).map((r) => r.id));
        const i = input.contactIds.findIndex((cid) => !found.has(cid));
        throw invalidField(`contactIds.${i}`, 'is not a contact of this workspace');
      }
    } else if (n === 0) {
      throw invalidField('filter', 'matches no customer');
    }
    if (n > max)
      throw invalidField(
        input.filter ? 'filter' : 'contactIds',
        `matches ${n.toLocaleString('en')} customers (at most ${max.toLocaleString('en')} per campaign)`,
      );
    await clearAudience(tx, ws, id);
    const order = input.contactIds
      ? sql`array_position(${uuidArray(input.contactIds)}::uuid[], ${contactsTable.id})`
      : sql`${contactsTable.createdAt}, ${contactsTable.id}`;
    await tx.execute(sql`
      insert into ${campaignAudience} (workspace_id, campaign_id, row_no, phone, name, contact_id)
      select ${ws}::uuid, ${id}::uuid, row_number() over (order by ${order}), ${contactsTable.phone}, ${contactDisplayName}, ${contactsTable.id}
      from ${contactsTable} where ${where}`);
    await touchDraft(tx, ws, id, now, { audienceSource: 'customers', segmentId: null, audienceFile: null });
    return { rows: n };
  });
}

/** Ids as one array parameter (a list of 10,000 parameters would not fit a statement). */
export const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;
