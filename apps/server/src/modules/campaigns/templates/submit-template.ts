import type { SubmitTemplateRequest, TemplateContent } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { openWabaAccess } from '../../channels';
import { messageTemplates } from '../tables';
import { categoryFromMeta, statusFromMeta, toGraphComponents } from './meta-mapping';
import { metaRefusal } from './meta-refusal';
import type { TemplateRow } from './repository';
import { assertSubmittable } from './validate-template';
import { variablesIn } from './variables';

/**
 * Submit a new template for Meta's review through a WhatsApp number's business account. Our checks run first
 * (each problem named by field); then Meta gets its exact JSON, and the template is kept with Meta's id and
 * status (`pending`, until the status webhook says otherwise). Meta's refusal is a 4xx with Meta's words.
 */
export async function submitTemplate(deps: Deps, workspaceId: string, input: SubmitTemplateRequest): Promise<TemplateRow> {
  const content = tidy(input.content);
  const draft = { name: input.name, language: input.language, category: input.category, content };
  assertSubmittable(draft);
  const access = await openWabaAccess(deps, workspaceId, input.channelId);

  const [existing] = await deps.db
    .select({ status: messageTemplates.status })
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.workspaceId, workspaceId),
        eq(messageTemplates.wabaId, access.wabaId),
        eq(messageTemplates.name, input.name),
        eq(messageTemplates.language, input.language),
      ),
    );
  if (existing && existing.status !== 'deleted') {
    const message = `a template named ${input.name} in ${input.language} already exists for this WhatsApp Business Account`;
    throw new AppError('conflict', `name: ${message}`, { issues: [{ field: 'name', message }] });
  }

  const created = await access.client
    .createTemplate({
      name: input.name,
      language: input.language,
      category: input.category.toUpperCase(),
      parameter_format: 'POSITIONAL',
      components: toGraphComponents(content),
    })
    .catch((err: unknown) => {
      throw metaRefusal(err, 'the template');
    });

  // Meta may approve at once (some utility templates) or move the category: keep what it answered.
  const { status, reason } = statusFromMeta(created.status);
  const now = deps.clock.now();
  const values = {
    providerTemplateId: created.id,
    category: categoryFromMeta(created.category) ?? input.category,
    status,
    statusReason: reason,
    content,
    updatedAt: now,
    syncedAt: null,
  };
  // A template deleted from Meta and submitted again reuses its row: campaigns that used it keep pointing at it.
  const [row] = await deps.db
    .insert(messageTemplates)
    .values({ workspaceId, wabaId: access.wabaId, name: input.name, language: input.language, createdAt: now, ...values })
    .onConflictDoUpdate({
      target: [messageTemplates.workspaceId, messageTemplates.wabaId, messageTemplates.name, messageTemplates.language],
      set: values,
    })
    .returning();
  return row!;
}

/** Blank optional parts are left out, and only the examples the body uses are kept. */
function tidy(c: SubmitTemplateRequest['content']): TemplateContent {
  const count = new Set(variablesIn(c.body.text)).size;
  const header =
    c.header?.format === 'text' && variablesIn(c.header.text).length === 0 ? { format: 'text' as const, text: c.header.text } : c.header;
  return {
    ...(header ? { header } : {}),
    body: { text: c.body.text, examples: c.body.examples.slice(0, count) },
    ...(c.footer?.trim() ? { footer: c.footer } : {}),
    buttons: c.buttons.map((b) => (b.type === 'url' && variablesIn(b.url).length === 0 ? { type: 'url', text: b.text, url: b.url } : b)),
  };
}
