// `POST /messages/template`: one approved template to one phone number through the REST API. A number never seen
// becomes a contact (source `api`) with a conversation; the message goes out through the number's limiter like a
// campaign's, by a job (deliver-template.ts) enqueued in the same transaction.
import type { SendTemplateRequest, SendTemplateResult } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { validateOutboundContent } from '../../channels';
import { audienceContactsByPhones, ensurePhoneContacts, normalizePhone } from '../../contacts';
import { recordOutboundTemplates } from '../../conversations';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { AppError, invalidField } from '../../../platform/errors';
import { findSendableTemplate } from '../templates/find-sendable-template';
import { templateSlots, type TemplateValues } from '../templates/variables';
import { sendTemplateJob } from './job-definitions';
import { templateMessage } from './template-message';

export const API_CONTACT_SOURCE = 'api';

export async function sendTemplate(
  deps: Deps,
  p: { workspaceId: string; userId?: string },
  req: SendTemplateRequest,
): Promise<SendTemplateResult> {
  const content = await composeTemplate(deps.db, p.workspaceId, req);
  const country = (deps.config.campaigns.defaultCountry ?? 'US') as Parameters<typeof normalizePhone>[1];
  const phone = normalizePhone(req.to, country);
  if (!phone.ok) throw invalidField('to', `is not a valid phone number (${phone.reason.replaceAll('_', ' ')})`);

  return withTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const known = (await audienceContactsByPhones(tx, p.workspaceId, req.channelId, [phone.e164])).get(phone.e164);
    const { ids, created } = await ensurePhoneContacts(tx, {
      workspaceId: p.workspaceId,
      channelId: req.channelId,
      source: API_CONTACT_SOURCE,
      at: now,
      entries: [{ e164: phone.e164, contactId: known?.id ?? null }],
    });
    const contactId = ids.get(phone.e164)!;
    const messageId = randomUUID();
    const placed = await recordOutboundTemplates(deps, tx, {
      workspaceId: p.workspaceId,
      channelId: req.channelId,
      senderType: 'api',
      ...(p.userId ? { senderUserId: p.userId } : {}),
      items: [{ id: messageId, contactId, content }],
    });
    await deps.queue.enqueue(tx, sendTemplateJob, { workspaceId: p.workspaceId, messageId, attempt: 1 });
    return {
      messageId,
      conversationId: placed.get(messageId)!.conversationId,
      contactId,
      contactCreated: created > 0,
      status: 'queued' as const,
    };
  });
}

type TemplateChoice = Pick<SendTemplateRequest, 'channelId' | 'templateId' | 'body' | 'header' | 'urlButtons'>;

/** An approved template of the number with its values, as the message that goes on the wire (4xx naming the field). */
async function composeTemplate(db: Db, workspaceId: string, req: TemplateChoice) {
  const template = await findSendableTemplate(db, workspaceId, { channelId: req.channelId, templateId: req.templateId });
  const values = checkValues(template.content, req);
  const content = templateMessage(template, values);
  try {
    validateOutboundContent(content, 'whatsapp');
  } catch (err) {
    // The wire check names the parameter as Meta sees it (body[0].text…): say which value of the request it is.
    if (err instanceof AppError) throw new AppError('validation_failed', `A value does not fit the template: ${err.message}`, err.details);
    throw err;
  }
  return content;
}

/**
 * An agent's template to a contact they are talking with (the agent desk's composer; always allowed, also outside
 * the 24-hour window): the same checks, conversation placement, limiter and reconciliation as the API's send.
 */
export async function sendTemplateToContact(
  deps: Deps,
  p: { workspaceId: string; userId?: string; senderType: 'agent' | 'api' },
  req: TemplateChoice & { contactId: string },
): Promise<{ messageId: string; conversationId: string }> {
  const content = await composeTemplate(deps.db, p.workspaceId, req);
  return withTx(deps.db, async (tx) => {
    const messageId = randomUUID();
    const placed = await recordOutboundTemplates(deps, tx, {
      workspaceId: p.workspaceId,
      channelId: req.channelId,
      senderType: p.senderType,
      ...(p.userId ? { senderUserId: p.userId } : {}),
      items: [{ id: messageId, contactId: req.contactId, content }],
    });
    await deps.queue.enqueue(tx, sendTemplateJob, { workspaceId: p.workspaceId, messageId, attempt: 1 });
    return { messageId, conversationId: placed.get(messageId)!.conversationId };
  });
}

/** The values must fill exactly the template's variables: a 400 naming the field otherwise. */
function checkValues(content: Parameters<typeof templateSlots>[0], req: TemplateChoice): TemplateValues {
  const slots = templateSlots(content);
  if (req.body.length !== slots.body) {
    throw invalidField('body', `the template's body has ${slots.body} variable(s); ${req.body.length} value(s) given`);
  }
  req.body.forEach((v, i) => {
    if (v.trim() === '') throw invalidField(`body[${i}]`, 'must not be empty');
  });
  if (slots.header && (req.header === undefined || req.header.trim() === ''))
    throw invalidField('header', "is required: the template's header has a variable");
  if (!slots.header && req.header !== undefined && content.header?.format === 'text') {
    throw invalidField('header', "must be left out: the template's header has no variable");
  }
  const expected = new Set(slots.urlButtons.map(String));
  for (const key of Object.keys(req.urlButtons)) {
    if (!expected.has(key)) throw invalidField(`urlButtons.${key}`, 'is not a URL button with a variable in this template');
  }
  for (const key of expected) {
    if (!req.urlButtons[key]?.trim()) throw invalidField(`urlButtons.${key}`, "is required: this URL button's link has a variable");
  }
  return { body: req.body, ...(req.header !== undefined ? { header: req.header } : {}), urlButtons: req.urlButtons };
}
