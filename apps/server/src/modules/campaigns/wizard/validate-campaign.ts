import type { CampaignRejectionCode } from '@parley/contracts';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import type { Db } from '../../../platform/db';
import { campaignAudience, campaigns } from '../tables';
import { attributeKeysOf, defaultCountryOf, loadRows, type AudienceRow } from './audience-batch';
import { dailyQuota } from './daily-limit';
import { channelAndTemplate, type CampaignRow } from './drafts';
import { evaluateRow, type EvaluationState, type Verdict } from './evaluate-row';
import { resolveContext } from './resolve-values';
import { localDate } from './schedule';

/** Rows judged per round trip: large enough that 100,000 rows take ~50 batches. */
const BATCH = 2000;

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
  const variables = c.variables;
  const needsCells =
    !!variables && [...variables.body, variables.header, ...Object.values(variables.urlButtons)].some((v) => v?.kind === 'column');
  const state: EvaluationState = { phones: new Map(), contacts: new Map() };
  const counts: ValidationCounts = { messages: 0, rejected: 0, reasons: {} };

  const mine = and(eq(campaignAudience.workspaceId, ws), eq(campaignAudience.campaignId, c.id));
  await tx
    .update(campaignAudience)
    .set({ e164: null, resolvedContactId: null, outcome: null, reason: null, reasonText: null, values: null })
    .where(and(mine, eq(campaignAudience.removed, true)));
  let after = 0;
  for (;;) {
    const rows: AudienceRow[] = await tx
      .select({
        rowNo: campaignAudience.rowNo,
        phone: campaignAudience.phone,
        name: campaignAudience.name,
        contactId: campaignAudience.contactId,
        // Only column variables read the file's cells: without them, no row's cells are fetched and parsed.
        cells: needsCells ? campaignAudience.cells : sql<null>`null`,
      })
      .from(campaignAudience)
      .where(and(mine, eq(campaignAudience.removed, false), gt(campaignAudience.rowNo, after)))
      .orderBy(asc(campaignAudience.rowNo))
      .limit(BATCH);
    if (rows.length === 0) break;
    const verdicts: Array<Verdict & { rowNo: number }> = [];
    for (const l of await loadRows(tx, env, rows)) {
      const v = evaluateRow(l, rules, state);
      if (!v.rejection && !(v.contactId && quota.messaged.has(v.contactId))) {
        if (room > 0) room--;
        else
          v.rejection = { code: 'over_daily_limit', text: `Beyond the number's daily limit of ${quota.limit} new recipients in 24 hours` };
      }
      if (v.rejection) {
        counts.rejected++;
        counts.reasons[v.rejection.code] = (counts.reasons[v.rejection.code] ?? 0) + 1;
      } else counts.messages++;
      verdicts.push({ ...v, rowNo: l.row.rowNo });
    }
    await storeVerdicts(tx, c, verdicts);
    after = rows.at(-1)!.rowNo;
    if (rows.length < BATCH) break;
  }
  await tx
    .update(campaigns)
    .set({ validation: { at: now.toISOString(), messages: counts.messages, rejected: counts.rejected } })
    .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, c.id)));
  return counts;
}

/** One UPDATE per batch, the verdicts passed as one JSON parameter (the same on both engines). */
async function storeVerdicts(tx: Db, c: CampaignRow, verdicts: Array<Verdict & { rowNo: number }>): Promise<void> {
  if (verdicts.length === 0) return;
  const json = JSON.stringify(
    verdicts.map((v) => ({
      row_no: v.rowNo,
      e164: v.e164,
      contact_id: v.contactId,
      outcome: v.rejection ? 'rejected' : 'message',
      reason: v.rejection?.code ?? null,
      reason_text: v.rejection?.text ?? null,
      vals: v.values,
    })),
  );
  await tx.execute(sql`
    update ${campaignAudience} as a
    set e164 = v.e164, resolved_contact_id = v.contact_id, outcome = v.outcome, reason = v.reason, reason_text = v.reason_text, "values" = v.vals
    from jsonb_to_recordset(${json}::jsonb) as v(row_no int, e164 text, contact_id uuid, outcome text, reason text, reason_text text, vals jsonb)
    where a.workspace_id = ${c.workspaceId}::uuid and a.campaign_id = ${c.id}::uuid and a.row_no = v.row_no`);
}
