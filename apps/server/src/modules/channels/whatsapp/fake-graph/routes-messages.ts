import type { IncomingMessage } from 'node:http';
import { authorizeNumber, isReply } from './auth';
import { defaultHttpStatus, graphErrorBody } from './graph-errors';
import { json, type Reply } from './http-util';
import { waIdFor } from './recipients';
import { newWamid } from './signature';
import { findTemplate, type FakeState } from './state';
import { scheduleStatuses, type StatusPlan } from './status-schedule';
import type { NumberConfig, SentMessage } from './types';
import { validateSendBody } from './validate-send';
import { checkAgainstTemplate } from './validate-template';
import { Rejection } from './checks';

/**
 * `POST /{version}/{phone-number-id}/messages`. Order of checks: scripted hang, auth, JSON, Graph-style
 * validation, template registry, throughput and pair limits, scripted failures, 24 h window; then accept,
 * answer the wamid and schedule the status webhooks.
 */
export async function handleSend(state: FakeState, req: IncomingMessage, phoneNumberId: string, raw: Buffer): Promise<Reply> {
  const hang = state.hangs.take();
  if (hang) {
    const ran = await state.poster.sleep(hang.ms);
    if (!ran || hang.then === 'drop') return { kind: 'drop' };
  }

  const number = authorizeNumber(state, req, phoneNumberId, 'post');
  if (isReply(number)) return number;

  // Graph reads a non-JSON body as form fields, so the JSON parameters it needs are simply missing.
  const contentType = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    return json(400, graphErrorBody(100, `Content-Type must be application/json, got "${contentType}".`, 'Invalid parameter'));
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return json(400, graphErrorBody(100, 'The request body is not valid JSON.'));
  }

  const v = validateSendBody(body);
  if (!v.ok) return json(400, graphErrorBody(v.code, v.details));
  const now = state.now();
  if (v.kind === 'mark-read') {
    state.record(state.markedRead, { phoneNumberId, messageId: v.messageId, at: now });
    return json(200, { success: true });
  }

  const templateInfo = v.template ? findTemplate(state, v.template.name, v.template.language) : undefined;
  if (v.template) {
    if (!templateInfo && state.strictTemplates) {
      return json(400, graphErrorBody(132001, `template name (${v.template.name}) does not exist in ${v.template.language}`));
    }
    if (templateInfo) {
      try {
        checkAgainstTemplate(v.template, templateInfo);
      } catch (e) {
        if (e instanceof Rejection) return json(400, graphErrorBody(e.code, e.details));
        throw e;
      }
    }
  }

  const recipient = v.recipient;
  const waId = recipient.kind === 'phone' ? waIdFor(recipient.digits, state.legacyBrazil) : undefined;
  const key = waId ?? (recipient.kind === 'bsuid' ? recipient.userId : '');
  if (waId !== undefined && waId === number.displayPhoneNumber)
    return json(400, graphErrorBody(131021, 'The recipient is the sending business number.'));

  const limit = checkLimits(state, number, key, now);
  if (limit) return limit;

  const scripted = state.failures.take(phoneNumberId);
  if (scripted && !scripted.async) {
    return json(scripted.httpStatus ?? defaultHttpStatus(scripted.code), graphErrorBody(scripted.code, scripted.details, scripted.title));
  }

  const windowOpen = state.customers.windowOpen(phoneNumberId, key, now);
  let failure: StatusPlan['failure'];
  if (scripted) failure = { code: scripted.code, details: scripted.details, title: scripted.title };
  else if (state.windowEnforced && !v.template && !windowOpen) failure = { code: 131047 };

  const wamid = newWamid();
  const known = state.customers.lookup(phoneNumberId, key);
  const userId = recipient.kind === 'bsuid' ? recipient.userId : known?.userId;
  const sent: SentMessage = {
    phoneNumberId,
    wamid,
    body: body as Record<string, unknown>,
    type: v.type,
    ...(waId !== undefined ? { waId } : {}),
    ...(userId !== undefined ? { userId } : {}),
    ...(failure ? { failedWith: failure.code } : {}),
    at: now,
  };
  state.record(state.sent, sent);

  const category = v.template ? (templateInfo?.category ?? 'marketing') : 'service';
  // PMP (§6.1): free-form replies are free; utility templates are free inside an open window; the rest is charged.
  const free = category === 'service' || (category === 'utility' && windowOpen);
  scheduleStatuses(state, number, {
    wamid,
    recipient: {
      ...(waId !== undefined ? { waId } : {}),
      ...(userId !== undefined ? { userId } : {}),
      ...(known?.name !== undefined ? { name: known.name } : {}),
    },
    ...(v.bizOpaque !== undefined ? { bizOpaque: v.bizOpaque } : {}),
    pricing: { billable: !free, category, type: free ? 'free_customer_service' : 'regular' },
    ...(failure ? { failure } : {}),
  });

  const contact = { input: recipient.input, ...(waId !== undefined ? { wa_id: waId } : { user_id: recipient.input }) };
  return json(200, {
    messaging_product: 'whatsapp',
    contacts: [contact],
    messages: [{ id: wamid, ...(v.template ? { message_status: 'accepted' } : {}) }],
  });
}

/** Throughput (130429) and pair (131056) limits, both answered synchronously with HTTP 400 (§6.2). */
function checkLimits(state: FakeState, number: NumberConfig, key: string, now: number): Reply | undefined {
  if (number.mps !== undefined && !state.rates.tryHit(`mps:${number.phoneNumberId}`, number.mps, 1000, now)) {
    return json(400, graphErrorBody(130429));
  }
  const pair = number.pairLimit;
  if (pair && !state.rates.tryHit(`pair:${number.phoneNumberId}:${key}`, pair.max, pair.perMs, now)) {
    return json(400, graphErrorBody(131056));
  }
  return undefined;
}
