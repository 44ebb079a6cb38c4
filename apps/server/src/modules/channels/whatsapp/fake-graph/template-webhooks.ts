import { signBody, metaJson } from './signature';
import type { FakeState } from './state';
import { syncRegistry, type ManagedStatus, type ManagedTemplate } from './templates-state';

export interface ReviewOptions {
  /** REJECTED: PROMOTIONAL, ABUSIVE_CONTENT, INCORRECT_CATEGORY, INVALID_FORMAT, SCAM…; default NONE. */
  reason?: string;
  /** PAUSED / DISABLED: Meta's explanation, sent as `other_info`. */
  otherInfo?: { title: string; description: string };
}

/**
 * The `message_template_status_update` webhook exactly as Meta sends it (reference §6.6): an account-level
 * change, so `entry[].id` is the WABA and there is no `metadata.phone_number_id`; the template id is a number.
 */
export function buildTemplateStatusPayload(
  t: ManagedTemplate,
  event: ManagedStatus,
  opts: ReviewOptions,
  at: number,
): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: t.wabaId,
        time: Math.floor(at / 1000),
        changes: [
          {
            value: {
              event,
              message_template_id: Number(t.id),
              message_template_name: t.name,
              message_template_language: t.language,
              reason: opts.reason ?? 'NONE',
              message_template_category: t.category,
              ...(opts.otherInfo ? { other_info: opts.otherInfo } : {}),
            },
            field: 'message_template_status_update',
          },
        ],
      },
    ],
  };
}

/**
 * Meta's review: the template takes the new status (the send registry follows: approved becomes sendable) and
 * the signed status webhook goes to the WABA's first registered number's webhook URL. Resolves to the HTTP status
 * Parley answered (0 when the POST failed).
 */
export async function reviewTemplate(
  state: FakeState,
  templateId: string,
  event: ManagedStatus,
  opts: ReviewOptions = {},
): Promise<number> {
  const t = state.managed.byId(templateId);
  if (!t) throw new Error(`template ${templateId} is not known to the fake`);
  t.status = event;
  if (event === 'REJECTED') t.rejectedReason = opts.reason ?? 'NONE';
  syncRegistry(state.templates, t);
  const number = [...state.numbers.values()].find((n) => n.wabaId === t.wabaId);
  if (!number) throw new Error(`no number of WABA ${t.wabaId} is registered: nowhere to send the webhook`);
  const rawBody = metaJson(buildTemplateStatusPayload(t, event, opts, state.now()));
  const signature = signBody(rawBody, number.appSecret);
  let status = 0;
  await new Promise<void>((resolve) =>
    state.poster.track(async () => {
      try {
        status = await state.poster.post(number.webhookUrl, rawBody, signature, {
          phoneNumberId: number.phoneNumberId,
          kind: 'template',
          wamid: t.id,
        });
      } finally {
        resolve();
      }
    }),
  );
  return status;
}
