import { campaignContactFields, type CampaignDraft, type CampaignInteractive } from '@parley/contracts';
import { and, asc, count, eq } from 'drizzle-orm';
import { listChannels } from '../../channels';
import { listAttributeDefinitions } from '../../contacts';
import type { Db } from '../../../platform/db';
import { campaignAudience, messageTemplates } from '../tables';
import { templateSlots } from '../templates/variables';
import { findTemplate, loadCampaign, unsendableReason, type WhatsAppChannel } from './drafts';
import { utcToLocal } from './schedule';

const SAMPLES: CampaignDraft['samples'] = [
  { id: 'example', label: "The template's example value" },
  { id: 'today', label: "Today's date (YYYY-MM-DD)" },
];

/** Everything the wizard shows: the draft's choices, the numbers and templates to pick from, the audience's size. */
export async function getDraft(db: Db, workspaceId: string, id: string): Promise<CampaignDraft> {
  const c = await loadCampaign(db, workspaceId, id);
  const channels = (await listChannels(db, workspaceId)).filter((ch): ch is WhatsAppChannel => ch.kind === 'whatsapp');
  const channel = channels.find((ch) => ch.id === c.channelId);
  const templates = channel
    ? (
        await db
          .select()
          .from(messageTemplates)
          .where(
            and(
              eq(messageTemplates.workspaceId, workspaceId),
              eq(messageTemplates.wabaId, channel.settings.wabaId),
              eq(messageTemplates.status, 'approved'),
            ),
          )
          .orderBy(asc(messageTemplates.name), asc(messageTemplates.language))
      ).filter((t) => unsendableReason(t, channel) === null)
    : [];
  const template = c.templateId ? await findTemplate(db, workspaceId, c.templateId) : undefined;
  const [rows] = await db
    .select({ n: count() })
    .from(campaignAudience)
    .where(and(eq(campaignAudience.workspaceId, workspaceId), eq(campaignAudience.campaignId, id), eq(campaignAudience.removed, false)));
  const attributes = await listAttributeDefinitions(db, workspaceId);
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    channelId: c.channelId,
    templateId: c.templateId,
    mode: c.mode,
    scheduledAt: c.scheduledAt?.toISOString() ?? null,
    schedule: c.scheduledAt && c.timezone ? { localDateTime: utcToLocal(c.scheduledAt, c.timezone), timezone: c.timezone } : null,
    includeActive: c.includeActive,
    variables: c.variables ?? null,
    interactive: (c.interactive as CampaignInteractive | null) ?? null,
    retargetOf: c.retargetOf,
    audience: { source: c.audienceSource, segmentId: c.segmentId, file: c.audienceFile ?? null, rows: rows?.n ?? 0 },
    template: template
      ? {
          id: template.id,
          name: template.name,
          language: template.language,
          category: template.category,
          status: template.status,
          content: template.content,
          slots: templateSlots(template.content),
        }
      : null,
    channels: channels.map((ch) => ({ id: ch.id, name: ch.name, displayPhoneNumber: ch.settings.displayPhoneNumber })),
    templates: templates.map((t) => ({ id: t.id, name: t.name, language: t.language, category: t.category })),
    fields: [...campaignContactFields],
    attributes: attributes.map((a) => ({ key: a.key, label: a.label })),
    samples: SAMPLES,
    validation: c.validation ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
