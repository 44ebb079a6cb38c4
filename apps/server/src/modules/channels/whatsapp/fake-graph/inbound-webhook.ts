import { createHash } from 'node:crypto';
import { metaJson, newWamid, signBody } from './signature';
import type { NumberIdentity } from './status-webhooks';

/** The customer playing the other side; BSUID `userId` (`CC.digits`) is sent from 2026 on (§2.1). */
export interface InboundCustomer {
  /** Phone-based id (digits). May be omitted only for username-only users, then `userId` is required. */
  waId?: string;
  name: string;
  userId?: string;
  username?: string;
}

/** Click-to-WhatsApp ad attribution (§3.3), camelCase here, snake_case on the wire. */
export interface Referral {
  sourceUrl: string;
  sourceId: string;
  sourceType: 'ad' | 'post';
  body?: string;
  headline?: string;
  mediaType?: 'image' | 'video';
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  /** Omitted for ads shown in WhatsApp Status placements. */
  ctwaClid?: string;
  welcomeMessage?: string;
}

export type InboundMediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export type InboundContent =
  | { type: 'text'; body: string }
  | {
      type: InboundMediaKind;
      mediaId: string;
      mimeType: string;
      /** base64 SHA-256 of the bytes, as in Meta's webhooks; a stable stand-in is used when omitted. */
      sha256?: string;
      caption?: string;
      filename?: string;
      /** audio: a recorded voice note. */
      voice?: boolean;
      /** sticker */
      animated?: boolean;
    }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  /** An empty emoji means the customer removed their reaction. */
  | { type: 'reaction'; messageId: string; emoji: string }
  | { type: 'button_reply'; id: string; title: string }
  | { type: 'list_reply'; id: string; title: string; description?: string }
  /** A template quick-reply tap (type `button`, not interactive). */
  | { type: 'button'; payload: string; text: string }
  /** Shared contact cards, in Meta's own shape. */
  | { type: 'contacts'; contacts: Array<Record<string, unknown>> }
  | { type: 'unsupported'; unsupportedType?: string };

export interface InboundCommon {
  /** Default: a fresh wamid. */
  id?: string;
  /** Default: now. Epoch milliseconds or a Date. */
  at?: number | Date;
  /** wamid of the business message being replied to (sets `context`); button/list replies should set it. */
  replyTo?: string;
  forwarded?: boolean | 'frequently';
  referral?: Referral;
}

export type InboundMessageInput = InboundContent & InboundCommon;

export interface BuiltInboundWebhook {
  /** Exactly the bytes to POST (Meta-escaped JSON). */
  rawBody: string;
  /** `X-Hub-Signature-256` value. */
  signature: string;
  wamid: string;
  /** Unix seconds carried in `messages[0].timestamp`. */
  timestamp: number;
}

/**
 * Builds a real signed inbound-message webhook (§2, §3): envelope, `contacts[]` with profile/wa_id/user_id,
 * `messages[]` with from/from_user_id/id/timestamp/type and the per-type body. Pure; nothing is sent.
 */
export function buildInboundWebhook(
  number: NumberIdentity & { appSecret: string },
  customer: InboundCustomer,
  message: InboundMessageInput,
  now: number = Date.now(),
): BuiltInboundWebhook {
  if (!customer.waId && !customer.userId) throw new Error('an inbound customer needs a waId or a userId');
  const wamid = message.id ?? newWamid();
  const atMs = message.at instanceof Date ? message.at.getTime() : (message.at ?? now);
  const timestamp = Math.floor(atMs / 1000);
  const contact = {
    profile: { name: customer.name, ...(customer.username ? { username: customer.username } : {}) },
    ...(customer.waId ? { wa_id: customer.waId } : {}),
    ...(customer.userId ? { user_id: customer.userId } : {}),
  };
  const context = contextFor(number, message);
  const msg: Record<string, unknown> = {
    ...(context ? { context } : {}),
    ...(customer.waId ? { from: customer.waId } : {}),
    ...(customer.userId ? { from_user_id: customer.userId } : {}),
    id: wamid,
    timestamp: String(timestamp),
    ...content(message),
    ...(message.referral ? { referral: referralObject(message.referral) } : {}),
  };
  const payload = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
              contacts: [contact],
              messages: [msg],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
  const rawBody = metaJson(payload);
  return { rawBody, signature: signBody(rawBody, number.appSecret), wamid, timestamp };
}

function contextFor(number: NumberIdentity, m: InboundMessageInput): Record<string, unknown> | undefined {
  const ctx: Record<string, unknown> = {};
  if (m.replyTo) Object.assign(ctx, { from: number.displayPhoneNumber, id: m.replyTo });
  if (m.forwarded === true) ctx.forwarded = true;
  if (m.forwarded === 'frequently') ctx.frequently_forwarded = true;
  return Object.keys(ctx).length ? ctx : undefined;
}

function content(m: InboundContent): Record<string, unknown> {
  switch (m.type) {
    case 'text':
      return { type: 'text', text: { body: m.body } };
    case 'location':
      return {
        type: 'location',
        location: {
          latitude: m.latitude,
          longitude: m.longitude,
          ...(m.name !== undefined ? { name: m.name } : {}),
          ...(m.address !== undefined ? { address: m.address } : {}),
          ...(m.url !== undefined ? { url: m.url } : {}),
        },
      };
    case 'reaction':
      return { type: 'reaction', reaction: { message_id: m.messageId, emoji: m.emoji } };
    case 'button_reply':
      return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: m.id, title: m.title } } };
    case 'list_reply':
      return {
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: { id: m.id, title: m.title, ...(m.description !== undefined ? { description: m.description } : {}) },
        },
      };
    case 'button':
      return { type: 'button', button: { payload: m.payload, text: m.text } };
    case 'contacts':
      return { type: 'contacts', contacts: m.contacts };
    case 'unsupported':
      return {
        type: 'unsupported',
        unsupported: { type: m.unsupportedType ?? 'poll' },
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
      };
    default:
      return { type: m.type, [m.type]: mediaObject(m) };
  }
}

function mediaObject(m: Extract<InboundContent, { mediaId: string }>): Record<string, unknown> {
  return {
    ...(m.caption !== undefined ? { caption: m.caption } : {}),
    ...(m.filename !== undefined ? { filename: m.filename } : {}),
    mime_type: m.mimeType,
    sha256: m.sha256 ?? createHash('sha256').update(m.mediaId).digest('base64'),
    id: m.mediaId,
    ...(m.voice !== undefined ? { voice: m.voice } : {}),
    ...(m.animated !== undefined ? { animated: m.animated } : {}),
  };
}

function referralObject(r: Referral): Record<string, unknown> {
  const fields: Array<[string, unknown]> = [
    ['source_url', r.sourceUrl],
    ['source_id', r.sourceId],
    ['source_type', r.sourceType],
    ['body', r.body],
    ['headline', r.headline],
    ['media_type', r.mediaType],
    ['image_url', r.imageUrl],
    ['video_url', r.videoUrl],
    ['thumbnail_url', r.thumbnailUrl],
    ['ctwa_clid', r.ctwaClid],
    ['welcome_message', r.welcomeMessage !== undefined ? { text: r.welcomeMessage } : undefined],
  ];
  return Object.fromEntries(fields.filter(([, v]) => v !== undefined));
}
