// The wizard's shared ground: a campaign loaded (or locked) by id, the checks every step makes on the WhatsApp number
// and the template, and the mark every change leaves (the last validation is stale).
import type { TemplateContent } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { getChannel, type ChannelRow } from '../../channels';
import type { Db } from '../../../platform/db';
import { AppError, invalidField, notFound } from '../../../platform/errors';
import { campaigns, messageTemplates } from '../tables';

export type CampaignRow = typeof campaigns.$inferSelect;
export type TemplateRow = typeof messageTemplates.$inferSelect;
export type WhatsAppChannel = Extract<ChannelRow, { kind: 'whatsapp' }>;

export async function loadCampaign(db: Db, workspaceId: string, id: string): Promise<CampaignRow> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  if (!row) throw notFound('Campaign');
  return row;
}

/**
 * The draft, locked FOR UPDATE for the rest of the caller's transaction: steps on one draft run one at a time, and
 * none runs once it is confirmed. 409 when it is no longer a draft.
 */
export async function lockDraft(tx: Db, workspaceId: string, id: string): Promise<CampaignRow> {
  const [row] = await tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)))
    .for('update');
  if (!row) throw notFound('Campaign');
  if (row.status !== 'draft')
    throw new AppError('conflict', `The campaign is ${row.status.replaceAll('_', ' ')}: only a draft can be changed`);
  return row;
}

/** Every change to a draft makes its last validation stale: its lists are dropped until it is validated again. */
export async function touchDraft(tx: Db, workspaceId: string, id: string, at: Date, set: Partial<typeof campaigns.$inferInsert> = {}) {
  await tx
    .update(campaigns)
    .set({ ...set, validation: null, updatedAt: at })
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
}

/** A WhatsApp number of the workspace, or a 4xx naming `field`. */
export async function whatsappChannel(db: Db, workspaceId: string, channelId: string, field = 'channelId'): Promise<WhatsAppChannel> {
  const channel = await getChannel(db, workspaceId, channelId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw invalidField(field, 'is not a channel of this workspace');
    throw err;
  });
  if (channel.kind !== 'whatsapp') throw invalidField(field, `is a ${channel.kind} channel: campaigns send from a WhatsApp number`);
  return channel;
}

/** Why a template cannot be sent from this number, or null when it can. */
export function unsendableReason(template: TemplateRow, channel: WhatsAppChannel): string | null {
  if (template.wabaId !== channel.settings.wabaId) return `belongs to another WhatsApp Business Account than the number ${channel.name}`;
  if (template.status !== 'approved') return `is ${template.status.replaceAll('_', ' ')}, not approved by WhatsApp`;
  const unsupported = (template.content as TemplateContent & { unsupported?: string }).unsupported;
  if (unsupported) return `uses something Parley cannot send yet (${unsupported})`;
  return null;
}

export async function findTemplate(db: Db, workspaceId: string, templateId: string): Promise<TemplateRow | undefined> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.workspaceId, workspaceId), eq(messageTemplates.id, templateId)));
  return row;
}

/** A template this number can send now (approved, same WABA), or a 4xx naming `field`. */
export async function sendableTemplate(db: Db, workspaceId: string, templateId: string, channel: WhatsAppChannel, field = 'templateId') {
  const template = await findTemplate(db, workspaceId, templateId);
  if (!template) throw invalidField(field, 'is not a template of this workspace');
  const why = unsendableReason(template, channel);
  if (why) throw invalidField(field, `the template ${template.name} (${template.language}) ${why}`);
  return template;
}

/** The number and template a step needs, or a 4xx saying which is missing or no longer fit. */
export async function channelAndTemplate(db: Db, c: CampaignRow): Promise<{ channel: WhatsAppChannel; template: TemplateRow }> {
  if (!c.channelId) throw invalidField('channelId', 'choose the WhatsApp number first');
  if (!c.templateId) throw invalidField('templateId', 'choose a template first');
  const channel = await whatsappChannel(db, c.workspaceId, c.channelId);
  return { channel, template: await sendableTemplate(db, c.workspaceId, c.templateId, channel) };
}
