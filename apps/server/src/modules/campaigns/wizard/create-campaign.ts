import type { CreateCampaignRequest } from '@parley/contracts';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { invalidField } from '../../../platform/errors';
import type { Principal } from '../../identity';
import { campaigns } from '../tables';
import { sendableTemplate, whatsappChannel } from './drafts';

/** A new draft: a name, and the number and template when already chosen (checked like any later step). */
export async function createCampaign(deps: Deps, p: Principal, input: CreateCampaignRequest): Promise<{ id: string }> {
  const now = deps.clock.now();
  if (input.templateId && !input.channelId) throw invalidField('templateId', 'choose the WhatsApp number first');
  return withTx(deps.db, async (tx) => {
    const channel = input.channelId ? await whatsappChannel(tx, p.workspaceId, input.channelId) : undefined;
    if (channel && input.templateId) await sendableTemplate(tx, p.workspaceId, input.templateId, channel);
    const [row] = await tx
      .insert(campaigns)
      .values({
        workspaceId: p.workspaceId,
        name: input.name,
        channelId: input.channelId ?? null,
        templateId: input.templateId ?? null,
        createdBy: p.kind === 'user' ? p.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: campaigns.id });
    return { id: row!.id };
  });
}
