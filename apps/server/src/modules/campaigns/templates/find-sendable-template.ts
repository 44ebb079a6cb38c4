import type { Db } from '../../../platform/db';
import { AppError, invalidField } from '../../../platform/errors';
import { getTemplate, wabaOfChannel, type TemplateRow } from './repository';

/**
 * The template a campaign or an API send may use on a WhatsApp number: it must exist, be approved by Meta, belong
 * to the number's WhatsApp Business Account and use only what Parley can send. Each refusal is a 4xx naming
 * `templateId` (or `channelId`), never a failed send later.
 */
export async function findSendableTemplate(
  db: Db,
  workspaceId: string,
  input: { channelId: string; templateId: string },
): Promise<TemplateRow> {
  const wabaId = await wabaOfChannel(db, workspaceId, input.channelId);
  const template = await getTemplate(db, workspaceId, input.templateId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw invalidField('templateId', 'no such template in this workspace');
    throw err;
  });
  const label = `"${template.name}" (${template.language})`;
  if (template.wabaId !== wabaId) {
    throw invalidField('templateId', `${label} belongs to another WhatsApp Business Account than this number's`);
  }
  if (template.status !== 'approved') {
    const why = template.statusReason ? ` (${template.statusReason})` : '';
    throw invalidField('templateId', `${label} is ${template.status.replaceAll('_', ' ')}${why}; only approved templates can be sent`);
  }
  if (template.content.unsupported) throw invalidField('templateId', `${label}: ${template.content.unsupported}`);
  return template;
}
