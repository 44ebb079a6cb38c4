import type { CampaignPreview } from '@parley/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { notFound } from '../../../platform/errors';
import { campaignAudience } from '../tables';
import { renderTemplate } from '../templates/variables';
import { attributeKeysOf, defaultCountryOf, loadRows, type LoadedRow } from './audience-batch';
import { channelAndTemplate, loadCampaign } from './drafts';
import { resolveContext, resolveValues } from './resolve-values';
import { localDate } from './schedule';

/**
 * The message as one recipient will read it: their row's values filled into the template (a gap shows as its
 * {{n}} and is listed in `missing`). Without `rowNo`, the first row of the audience; with no audience, the mapping
 * alone (fixed texts and samples filled in).
 */
export async function previewMessage(deps: Deps, workspaceId: string, id: string, rowNo?: number): Promise<CampaignPreview> {
  const c = await loadCampaign(deps.db, workspaceId, id);
  const { channel, template } = await channelAndTemplate(deps.db, c);
  const [row] = await deps.db
    .select({
      rowNo: campaignAudience.rowNo,
      phone: campaignAudience.phone,
      name: campaignAudience.name,
      contactId: campaignAudience.contactId,
      cells: campaignAudience.cells,
    })
    .from(campaignAudience)
    .where(
      and(
        eq(campaignAudience.workspaceId, workspaceId),
        eq(campaignAudience.campaignId, id),
        eq(campaignAudience.removed, false),
        rowNo === undefined ? undefined : eq(campaignAudience.rowNo, rowNo),
      ),
    )
    .orderBy(asc(campaignAudience.rowNo))
    .limit(1);
  if (rowNo !== undefined && !row) throw notFound(`Audience row ${rowNo}`);
  const env = {
    workspaceId,
    channel,
    defaultCountry: defaultCountryOf(channel, deps.config),
    attributeKeys: attributeKeysOf(c.variables ?? null),
  };
  const loaded: LoadedRow | undefined = row ? (await loadRows(deps.db, env, [row]))[0] : undefined;
  const now = deps.clock.now();
  const today = localDate(c.mode === 'scheduled' && c.scheduledAt ? c.scheduledAt : now, c.timezone ?? 'UTC');
  const ctx = resolveContext(template.content, c.variables ?? null, today);
  const e164 = loaded?.phone?.ok ? loaded.phone.e164 : null;
  const { values, missing } = resolveValues(ctx, {
    cells: loaded?.row.cells ?? null,
    name: loaded?.row.name ?? null,
    e164,
    contact: loaded?.contact ?? null,
    attributes: loaded?.attributes,
  });
  // Gaps stay visible as {{n}} in the preview rather than as empty text.
  const shown = {
    body: values.body.map((v) => (v === '' ? undefined : v)) as string[],
    header: values.header || undefined,
    urlButtons: values.urlButtons ? Object.fromEntries(Object.entries(values.urlButtons).filter(([, v]) => v !== '')) : undefined,
  };
  const message = renderTemplate(template.content, shown);
  return {
    rowNo: loaded?.row.rowNo ?? null,
    phone: e164 ?? loaded?.phoneText ?? null,
    name: loaded?.row.name ?? null,
    values,
    missing,
    message: { header: message.header, body: message.body, footer: message.footer, buttons: message.buttons },
  };
}
