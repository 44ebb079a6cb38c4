import type { CampaignRejectionCode } from '@parley/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { type Db, rowsOf } from '../../../platform/db';
import { campaignAudience, campaigns } from '../tables';
import { attributeKeysOf, defaultCountryOf, loadRows, type AudienceRow } from './audience-batch';
import { dailyQuota } from './daily-limit';
import { channelAndTemplate, type CampaignRow } from './drafts';
import { evaluateRow, type EvaluationState } from './evaluate-row';
import { resolveContext } from './resolve-values';
import { localDate } from './schedule';

/**
 * Rows judged per round trip. Small enough that a batch's objects (rows, contacts, verdicts) die young: they live
 * across the batch's queries, and V8 moves whatever is alive at two minor collections to the old generation, whose
 * growth is what lifts the process's peak memory (and the verdicts' JSON stays under V8's large-object size).
 * Measured on 100,000 rows (with platform/db/pg-client.ts): 500 a batch still had ~29 MB promoted, 250 ~6 MB, in
 * the same time (400 batches).
 */
const BATCH = 250;

/**
 * The verdicts are gathered in a temporary table and written to the audience rows by one UPDATE at the end: one
 * join over the whole audience costs PostgreSQL a fraction of what 100 UPDATEs of 1,000 looked-up rows each do.
 */
const VERDICTS = sql.raw('campaign_validation_verdicts');

export interface ValidationCounts {
  messages: number;
  rejected: number;
  reasons: Partial<Record<CampaignRejectionCode, number>>;
}

/**
 * Judge every row of the draft's audience into Messages and Rejected and store each verdict on its row (E.164,
 * contact, values, reason), in the caller's transaction with the draft locked. The daily limit is applied last,
 * in row order, to the rows that pass everything else.
 */
export async function validateAudience(deps: Pick<Deps, 'config' | 'clock'>, tx: Db, c: CampaignRow): Promise<ValidationCounts> {
  const now = deps.clock.now();
  const ws = c.workspaceId;
  const { channel, template } = await channelAndTemplate(tx, c);
  const env = {
    workspaceId: ws,
    channel,
    defaultCountry: defaultCountryOf(channel, deps.config),
    attributeKeys: attributeKeysOf(c.variables ?? null),
  };
  const today = localDate(c.mode === 'scheduled' && c.scheduledAt ? c.scheduledAt : now, c.timezone ?? 'UTC');
  const rules = {
    resolve: resolveContext(template.content, c.variables ?? null, today),
    marketing: template.category === 'marketing',
    includeActive: c.includeActive,
  };
  const quota = await dailyQuota(tx, ws, channel.id, now);
  let room = quota.limit === null ? Infinity : Math.max(0, quota.limit - quota.messaged.size);
  const overLimit = `Beyond the number's daily limit of ${quota.limit} new recipients in 24 hours`;
  const variables = c.variables;
  // The file columns the variables read: only those cells are fetched (none when no variable reads a column).
  const columns = variables
    ? [
        ...new Set(
          [...variables.body, variables.header, ...Object.values(variables.urlButtons)].flatMap((v) =>
            v?.kind === 'column' ? [v.column] : [],
          ),
        ),
      ]
    : [];
  const state: EvaluationState = { phones: new Map(), contacts: new Map() };
  const counts: ValidationCounts = { messages: 0, rejected: 0, reasons: {} };

  await tx.execute(sql`create temporary table ${VERDICTS} (
    row_no int not null, e164 text, contact_id uuid, outcome text not null, reason text, reason_text text, vals jsonb
  ) on commit drop`);
  // The previous batch's INSERT goes out while the next batch is read and judged; nothing of a batch is still
  // referenced while it waits (so it can die young).
  let storing: Promise<unknown> = Promise.resolve();
  let after = 0;
  for (let more = true; more;) {
    const rows = await audienceBatch(tx, c, after, columns);
    if (rows.length === 0) break;
    after = rows.at(-1)!.rowNo;
    more = rows.length === BATCH;
    const verdicts = judge(await loadRows(tx, env, rows), (l) => {
      const v = evaluateRow(l, rules, state);
      let rejection = v.rejection;
      if (!rejection && !(v.contactId && quota.messaged.has(v.contactId))) {
        if (room > 0) room--;
        else rejection = { code: 'over_daily_limit', text: overLimit };
      }
      if (rejection) {
        counts.rejected++;
        counts.reasons[rejection.code] = (counts.reasons[rejection.code] ?? 0) + 1;
      } else counts.messages++;
      return [
        l.row.rowNo,
        v.e164,
        v.contactId,
        rejection ? 'rejected' : 'message',
        rejection?.code ?? null,
        rejection?.text ?? null,
        v.values,
      ];
    });
    await storing;
    // Promise.resolve runs the query once (a drizzle query runs again at each `then`); it is never left
    // unobserved: a failure is thrown at the next await of it.
    storing = Promise.resolve(
      tx.execute(sql`
        insert into ${VERDICTS}
        select (v->>0)::int, v->>1, (v->>2)::uuid, v->>3, v->>4, v->>5, nullif(v->6, 'null'::jsonb)
        from jsonb_array_elements(${verdicts}::jsonb) as v`),
    );
    storing.catch(() => undefined);
  }
  await storing;
  const mine = and(eq(campaignAudience.workspaceId, ws), eq(campaignAudience.campaignId, c.id));
  await tx
    .update(campaignAudience)
    .set({ e164: null, resolvedContactId: null, outcome: null, reason: null, reasonText: null, values: null })
    .where(and(mine, eq(campaignAudience.removed, true)));
  await tx.execute(sql`
    update ${campaignAudience} as a
    set e164 = v.e164, resolved_contact_id = v.contact_id, outcome = v.outcome, reason = v.reason, reason_text = v.reason_text, "values" = v.vals
    from ${VERDICTS} as v
    where a.workspace_id = ${ws}::uuid and a.campaign_id = ${c.id}::uuid and a.row_no = v.row_no`);
  await tx.execute(sql`drop table ${VERDICTS}`);
  await tx
    .update(campaigns)
    .set({ validation: { at: now.toISOString(), messages: counts.messages, rejected: counts.rejected } })
    .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, c.id)));
  return counts;
}

/** The next rows after `after`, in row order, with the cells of `columns` only (plain SQL: no mapping on top of the driver's). */
async function audienceBatch(tx: Db, c: CampaignRow, after: number, columns: readonly string[]): Promise<AudienceRow[]> {
  const cells =
    columns.length === 0
      ? sql`null::jsonb`
      : sql`jsonb_build_object(${sql.join(
          columns.map((k) => sql`${k}::text, cells -> ${k}::text`),
          sql`, `,
        )})`;
  return rowsOf<AudienceRow>(
    await tx.execute(sql`
      select row_no as "rowNo", phone, name, contact_id as "contactId", ${cells} as cells
      from ${campaignAudience}
      where workspace_id = ${c.workspaceId}::uuid and campaign_id = ${c.id}::uuid and removed = false and row_no > ${after}
      order by row_no
      limit ${BATCH}`),
  );
}

/**
 * The batch's verdicts as one JSON array of arrays ([row_no, e164, contact_id, outcome, reason, reason_text, values]),
 * built row by row so no verdict object outlives its row, and joined into one flat string (the driver would
 * otherwise flatten a concatenation into a copy of its own).
 */
function judge<T>(loaded: readonly T[], verdict: (l: T) => unknown[]): string {
  const parts: string[] = ['['];
  for (const l of loaded) {
    if (parts.length > 1) parts.push(',');
    parts.push(JSON.stringify(verdict(l)));
  }
  parts.push(']');
  return parts.join('');
}
