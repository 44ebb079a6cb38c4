import type { UpdateCampaignRequest } from '@parley/contracts';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { invalidField } from '../../../platform/errors';
import { viewerTimezone, type Principal } from '../../identity';
import type { campaigns } from '../tables';
import { checkInteractive, checkVariables } from './check-variables';
import { findTemplate, lockDraft, sendableTemplate, touchDraft, unsendableReason, whatsappChannel } from './drafts';
import { localToUtc } from './schedule';

/**
 * Save any step's fields. Everything given is checked against the draft as it will be (the number, the template,
 * the file's columns) and saved in one transaction: one bad field and nothing changes.
 */
export async function updateCampaign(deps: Deps, p: Principal, id: string, input: UpdateCampaignRequest): Promise<void> {
  const now = deps.clock.now();
  const adminZone = input.timezone ?? (await viewerTimezone(deps.db, p));
  await withTx(deps.db, async (tx) => {
    const c = await lockDraft(tx, p.workspaceId, id);
    const set: Partial<typeof campaigns.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name;

    // The number, then the template it can send. A new number drops a template it cannot send.
    const channelId = input.channelId !== undefined ? input.channelId : c.channelId;
    if (input.channelId !== undefined) set.channelId = input.channelId;
    const channel = channelId ? await whatsappChannel(tx, p.workspaceId, channelId) : null;
    let templateId = input.templateId !== undefined ? input.templateId : c.templateId;
    if (input.templateId !== undefined) {
      if (input.templateId && !channel) throw invalidField('templateId', 'choose the WhatsApp number first');
      if (input.templateId) await sendableTemplate(tx, p.workspaceId, input.templateId, channel!);
      set.templateId = input.templateId;
    } else if (templateId && input.channelId !== undefined) {
      const current = await findTemplate(tx, p.workspaceId, templateId);
      if (!channel || !current || unsendableReason(current, channel)) templateId = set.templateId = null;
    }
    // Another template asks for other variables and buttons: its mapping starts over unless given with it.
    if (templateId !== c.templateId) {
      if (input.variables === undefined) set.variables = null;
      if (input.interactive === undefined) set.interactive = null;
    }
    const template = templateId ? await findTemplate(tx, p.workspaceId, templateId) : undefined;
    if (input.variables !== undefined) {
      if (!template) throw invalidField('variables', 'choose a template first');
      await checkVariables(
        tx,
        p.workspaceId,
        template.content,
        input.variables,
        c.audienceSource === 'file' ? (c.audienceFile?.columns ?? null) : null,
      );
      set.variables = input.variables;
    }
    if (input.interactive !== undefined) {
      if (input.interactive && !template) throw invalidField('interactive', 'choose a template first');
      if (input.interactive) checkInteractive(template!.content, input.interactive);
      set.interactive = input.interactive;
    }

    // When: a local date-time in a zone (the admin's by default), stored as UTC, never in the past.
    if (input.timezone !== undefined && input.scheduledAt === undefined)
      throw invalidField('timezone', 'give it together with scheduledAt');
    let scheduledAt = c.scheduledAt;
    if (input.scheduledAt !== undefined) {
      if (input.scheduledAt === null) {
        scheduledAt = set.scheduledAt = null;
        set.timezone = null;
      } else {
        scheduledAt = set.scheduledAt = localToUtc(input.scheduledAt, adminZone);
        if (scheduledAt.getTime() <= now.getTime()) throw invalidField('scheduledAt', `${input.scheduledAt} (${adminZone}) is in the past`);
        set.timezone = adminZone;
      }
    }
    if (input.mode !== undefined) set.mode = input.mode;
    if ((input.mode ?? c.mode) === 'scheduled' && !scheduledAt) {
      throw invalidField('scheduledAt', 'a scheduled campaign needs a date and time');
    }
    if (input.includeActive !== undefined) set.includeActive = input.includeActive;
    await touchDraft(tx, p.workspaceId, id, now, set);
  });
}
