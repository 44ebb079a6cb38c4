import type { SyncTemplatesResult } from '@parley/contracts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { withTx } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { openWabaAccess, type GraphTemplate } from '../../channels';
import { messageTemplates } from '../tables';
import { fromGraphTemplate } from './meta-mapping';
import { metaRefusal } from './meta-refusal';

const PAGE_SIZE = 100;
// Meta allows 6,000 templates per verified WABA: 100 pages of 100 is well past any real account.
const MAX_PAGES = 100;
const CHUNK = 500;

/**
 * Mirror the templates of a WhatsApp number's business account from the Business Management API. Upserts by
 * (workspace, WABA, name, language); ours that Meta no longer lists become `deleted`, never removed (campaigns
 * reference them). Meta is read completely before anything is written, so a failure halfway changes nothing.
 */
export async function syncTemplates(deps: Deps, workspaceId: string, channelId: string): Promise<SyncTemplatesResult> {
  const access = await openWabaAccess(deps, workspaceId, channelId);
  const startedAt = deps.clock.now();
  const listed: GraphTemplate[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await access.client.listTemplates({ after, limit: PAGE_SIZE }).catch((err: unknown) => {
      throw metaRefusal(err, 'listing the templates');
    });
    if (page.unreadable > 0)
      deps.log.warn({ wabaId: access.wabaId, unreadable: page.unreadable }, 'templates without id, name or language skipped');
    listed.push(...page.templates);
    after = page.after;
  } while (after && ++pages < MAX_PAGES);
  // An incomplete list must not mark the rest deleted.
  const complete = after === undefined;
  if (!complete) deps.log.warn({ wabaId: access.wabaId }, `more than ${MAX_PAGES} pages of templates: the rest is not synced`);

  const byKey = new Map(listed.map((t) => [`${t.name}\u0000${t.language}`, fromGraphTemplate(t)]));
  const mapped = [...byKey.values()];
  const wabaId = access.wabaId;

  return withTx(deps.db, async (tx) => {
    // One sync of a WABA at a time per workspace: two would race on the deleted marks.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`templates:${workspaceId}:${wabaId}`}, 0))`);
    const existing = await tx
      .select({
        id: messageTemplates.id,
        name: messageTemplates.name,
        language: messageTemplates.language,
        status: messageTemplates.status,
        createdAt: messageTemplates.createdAt,
      })
      .from(messageTemplates)
      .where(and(eq(messageTemplates.workspaceId, workspaceId), eq(messageTemplates.wabaId, wabaId)));
    const known = new Set(existing.map((r) => `${r.name}\u0000${r.language}`));
    const now = deps.clock.now();

    for (let i = 0; i < mapped.length; i += CHUNK) {
      const rows = mapped.slice(i, i + CHUNK).map((m) => ({ workspaceId, wabaId, ...m, createdAt: now, updatedAt: now, syncedAt: now }));
      await tx
        .insert(messageTemplates)
        .values(rows)
        .onConflictDoUpdate({
          target: [messageTemplates.workspaceId, messageTemplates.wabaId, messageTemplates.name, messageTemplates.language],
          set: {
            providerTemplateId: sql`excluded.provider_template_id`,
            category: sql`excluded.category`,
            status: sql`excluded.status`,
            // The list carries only a rejection reason: a paused or disabled template keeps the webhook's reason.
            statusReason: sql`case when excluded.status = ${messageTemplates.status} then coalesce(excluded.status_reason, ${messageTemplates.statusReason}) else excluded.status_reason end`,
            content: sql`excluded.content`,
            updatedAt: now,
            syncedAt: now,
          },
        });
    }

    // Submitted during this sync (after Meta's list was read) is not "gone".
    const gone = complete
      ? existing
          .filter((r) => r.status !== 'deleted' && r.createdAt < startedAt && !byKey.has(`${r.name}\u0000${r.language}`))
          .map((r) => r.id)
      : [];
    for (let i = 0; i < gone.length; i += CHUNK) {
      await tx
        .update(messageTemplates)
        .set({ status: 'deleted', statusReason: null, updatedAt: now })
        .where(and(eq(messageTemplates.workspaceId, workspaceId), inArray(messageTemplates.id, gone.slice(i, i + CHUNK))));
    }
    const created = mapped.filter((m) => !known.has(`${m.name}\u0000${m.language}`)).length;
    return { wabaId, total: mapped.length, created, updated: mapped.length - created, deleted: gone.length };
  });
}
