import { phoneMatchKeys, waIdToE164 } from '../../contacts';
import type { NormalizedEvent } from '../normalized';
import type { WebhookItem } from './wire';

/** One parsed WhatsApp webhook item as a channel-agnostic event, with the key it is deduplicated under. */
export function normalizeWhatsAppItem(item: WebhookItem): { key: string; event: NormalizedEvent } | null {
  switch (item.kind) {
    case 'message': {
      const m = item.message;
      // A "changed number / user id" system message names the new ids: they become keys of the same contact.
      const moved = m.content.type === 'system' ? m.content : undefined;
      const keys = [
        ...(m.from.waId ? phoneMatchKeys(m.from.waId).map((k) => `wa:${k}`) : []),
        ...(m.from.userId ? [`bsuid:${m.from.userId}`] : []),
        ...(moved?.newWaId ? phoneMatchKeys(moved.newWaId).map((k) => `wa:${k}`) : []),
        ...(moved?.newUserId ? [`bsuid:${moved.newUserId}`] : []),
      ];
      if (keys.length === 0) return null;
      const r = m.referral;
      return {
        key: `msg:${m.wamid}`,
        event: {
          kind: 'message',
          providerMessageId: m.wamid,
          at: m.timestamp.toISOString(),
          from: { keys, profileName: m.from.profileName, phoneE164: m.from.waId ? waIdToE164(m.from.waId) : undefined },
          type: m.type,
          text: m.text,
          content: { ...(m.content as unknown as Record<string, unknown>), ...(m.context ? { context: m.context } : {}), raw: m.raw },
          replyToProviderId: m.context?.messageId,
          referral: r
            ? {
                sourceId: r.sourceId,
                sourceUrl: r.sourceUrl,
                sourceType: r.sourceType,
                headline: r.headline,
                body: r.body,
                mediaType: r.mediaType,
                ctwaClid: r.ctwaClid,
              }
            : undefined,
        },
      };
    }
    case 'status': {
      const s = item.status;
      return {
        key: `status:${s.wamid}:${s.status}`,
        event: {
          kind: 'status',
          providerMessageId: s.wamid,
          status: s.status,
          at: s.timestamp.toISOString(),
          correlationId: s.bizOpaqueCallbackData,
          recipientKey: recipientKey(s.recipientWaId, s.recipientUserId),
          pricingCategory: s.pricingCategory,
          errors: s.errors.map((e) => ({ code: e.code, title: e.title, details: e.details ?? e.message })),
        },
      };
    }
    case 'error':
      return null;
    case 'other':
      return { key: `other:${item.field}:${hash(item.value)}`, event: { kind: 'other', field: item.field, value: item.value } };
  }
}

/** The key the recipient's own messages carry first (see the message case), so both share an order key. */
function recipientKey(waId: string | undefined, userId: string | undefined): string | undefined {
  const digits = waId ? phoneMatchKeys(waId)[0] : undefined;
  if (digits) return `wa:${digits}`;
  return userId ? `bsuid:${userId}` : undefined;
}

function hash(v: unknown): string {
  // Small, stable key for redelivered non-message changes; collisions only merge identical changes.
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(v) ?? '') h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16);
}
