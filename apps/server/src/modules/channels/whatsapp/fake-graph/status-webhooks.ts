import { statusError, type StatusError } from './graph-errors';

/** The business number as it appears in a webhook's `entry[].id` and `value.metadata`. */
export interface NumberIdentity {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
}

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';
export type PricingCategory = 'service' | 'marketing' | 'utility' | 'authentication';

export interface StatusEvent {
  wamid: string;
  status: StatusName;
  /** Unix seconds. */
  timestamp: number;
  recipient: { waId?: string; userId?: string; name?: string };
  bizOpaque?: string;
  pricing?: { billable: boolean; category: PricingCategory; type: 'regular' | 'free_customer_service' | 'free_entry_point' };
  conversation?: { id: string; expirationTimestamp: number; originType: PricingCategory };
  error?: { code: number; details?: string; title?: string };
}

/**
 * Builds the exact status webhook envelope (§2, §4): `object`, `entry[].id` = WABA id, `field: 'messages'`,
 * `value.metadata`, `value.statuses[]` with string timestamps; `contacts` for sent/delivered/read only;
 * failed statuses carry `errors[]` and never pricing, conversation or contacts.
 */
export function buildStatusPayload(number: NumberIdentity, events: StatusEvent[]): Record<string, unknown> {
  const statuses = events.map(statusObject);
  const contacts = contactsFor(events.filter((e) => e.status !== 'failed'));
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
              ...(contacts.length ? { contacts } : {}),
              statuses,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

function statusObject(e: StatusEvent): Record<string, unknown> {
  const failed = e.status === 'failed';
  const errors: StatusError[] | undefined = failed ? [statusError(e.error?.code ?? 131000, e.error?.details, e.error?.title)] : undefined;
  return {
    id: e.wamid,
    status: e.status,
    timestamp: String(e.timestamp),
    // recipient_id is omitted when the message went to a BSUID (§4).
    ...(e.recipient.waId ? { recipient_id: e.recipient.waId } : {}),
    ...(e.recipient.userId ? { recipient_user_id: e.recipient.userId } : {}),
    ...(e.bizOpaque !== undefined ? { biz_opaque_callback_data: e.bizOpaque } : {}),
    ...(!failed && e.conversation
      ? {
          conversation: {
            id: e.conversation.id,
            expiration_timestamp: String(e.conversation.expirationTimestamp),
            origin: { type: e.conversation.originType },
          },
        }
      : {}),
    ...(!failed && e.pricing
      ? { pricing: { billable: e.pricing.billable, pricing_model: 'PMP', category: e.pricing.category, type: e.pricing.type } }
      : {}),
    ...(errors ? { errors } : {}),
  };
}

function contactsFor(events: StatusEvent[]): Array<Record<string, unknown>> {
  const seen = new Set<string>();
  const out: Array<Record<string, unknown>> = [];
  for (const e of events) {
    const key = e.recipient.waId ?? e.recipient.userId ?? '';
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({
      ...(e.recipient.name !== undefined ? { profile: { name: e.recipient.name } } : {}),
      ...(e.recipient.waId ? { wa_id: e.recipient.waId } : {}),
      ...(e.recipient.userId ? { user_id: e.recipient.userId } : {}),
    });
  }
  return out;
}
