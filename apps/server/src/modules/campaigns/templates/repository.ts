import type { TemplateListQuery, TemplateView } from '@parley/contracts';
import { and, asc, eq, ilike, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { invalidField, notFound } from '../../../platform/errors';
import { getChannel } from '../../channels';
import { messageTemplates } from '../tables';

export type TemplateRow = typeof messageTemplates.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One template of the workspace; 404 when there is none. */
export async function getTemplate(db: Db, workspaceId: string, id: string): Promise<TemplateRow> {
  if (!UUID.test(id)) throw notFound('Template');
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.workspaceId, workspaceId), eq(messageTemplates.id, id)));
  if (!row) throw notFound('Template');
  return row;
}

/** The WABA a WhatsApp number belongs to; anything else is a bad `field`. */
export async function wabaOfChannel(db: Db, workspaceId: string, channelId: string, field = 'channelId'): Promise<string> {
  const channel = await getChannel(db, workspaceId, channelId).catch(() => {
    throw invalidField(field, 'no such channel in this workspace');
  });
  if (channel.kind !== 'whatsapp') throw invalidField(field, `is a ${channel.kind} channel; templates belong to WhatsApp numbers`);
  return channel.settings.wabaId;
}

export async function listTemplates(db: Db, workspaceId: string, q: TemplateListQuery): Promise<TemplateRow[]> {
  const where: SQL[] = [eq(messageTemplates.workspaceId, workspaceId)];
  if (q.channelId) where.push(eq(messageTemplates.wabaId, await wabaOfChannel(db, workspaceId, q.channelId, 'query.channelId')));
  if (q.status) where.push(eq(messageTemplates.status, q.status));
  if (q.search) where.push(ilike(messageTemplates.name, `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return db
    .select()
    .from(messageTemplates)
    .where(and(...where))
    .orderBy(asc(messageTemplates.name), asc(messageTemplates.language));
}

export function toTemplateView(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    wabaId: row.wabaId,
    providerTemplateId: row.providerTemplateId,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    statusReason: row.statusReason,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    syncedAt: row.syncedAt?.toISOString() ?? null,
  };
}
