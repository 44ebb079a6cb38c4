import type { CampaignValidationResult } from '@parley/contracts';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import type { Principal } from '../../identity';
import { lockDraft } from './drafts';
import { validateAudience } from './validate-campaign';
import { validatedCampaign, validationPage } from './validation-lists';

/** The wizard's validation step: every row judged and stored, then the first page of Messages and of Rejected. */
export async function runValidation(deps: Deps, p: Principal, id: string, pageSize: number): Promise<CampaignValidationResult> {
  const counts = await withTx(deps.db, async (tx) => validateAudience(deps, tx, await lockDraft(tx, p.workspaceId, id)));
  const { c, body } = await validatedCampaign(deps.db, p.workspaceId, id);
  const [messages, rejected] = await Promise.all([
    validationPage(deps.db, c, body, 'messages', 1, pageSize),
    validationPage(deps.db, c, body, 'rejected', 1, pageSize),
  ]);
  return { messages, rejected, reasons: counts.reasons };
}
