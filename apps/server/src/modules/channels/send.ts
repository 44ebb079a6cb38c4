import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { openSecrets, type ChannelRow } from './repository';
import {
  buildTemplateMessage,
  buildTextMessage,
  createGraphClient,
  GraphApiError,
  retryable,
  type GraphErrorClass,
  type OutboundMessageBody,
} from './whatsapp/wire';

/** What the conversation core asks a channel to deliver. */
export type OutboundRequestContent =
  | { type: 'text'; text: string; previewUrl?: boolean }
  | { type: 'template'; name: string; language: string; text: string; components?: unknown[] };

export interface SendRequest {
  /** The contact's identity keys on this channel (wa:<digits>, bsuid:<id>). */
  recipientKeys: string[];
  content: OutboundRequestContent;
  /** Our message id, echoed in status webhooks so a lost answer can be reconciled. */
  correlationId: string;
}

export interface SendResult {
  providerMessageId: string;
  /** The key the provider says this person has, when it differs from what we sent (Brazil's mobile 9). */
  recipientKey?: string;
}

/** A provider refusal, classified so the caller knows whether to retry. */
export class ChannelSendError extends Error {
  constructor(
    readonly classification: GraphErrorClass | 'invalid_request' | 'no_recipient',
    message: string,
    readonly code?: number,
    readonly title?: string,
    readonly details?: string,
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }

  get retryable(): boolean {
    return this.classification !== 'invalid_request' && this.classification !== 'no_recipient' && retryable(this.classification);
  }
}

const SEND_TIMEOUT_MS = 15_000;

export async function sendOutbound(deps: Deps, channel: ChannelRow, req: SendRequest): Promise<SendResult> {
  const body = buildBody(req);
  const secrets = openSecrets(deps.secrets, channel);
  const client = createGraphClient({
    baseUrl: channel.settings.graphBaseUrl,
    version: channel.settings.graphVersion,
    phoneNumberId: channel.settings.phoneNumberId,
    accessToken: secrets.accessToken,
    timeoutMs: SEND_TIMEOUT_MS,
  });
  try {
    const r = await client.sendMessage(body);
    const sentTo = body.to?.replace(/^\+/, '');
    return { providerMessageId: r.wamid, recipientKey: r.waId && r.waId !== sentTo ? `wa:${r.waId}` : undefined };
  } catch (err) {
    if (err instanceof GraphApiError) {
      throw new ChannelSendError(
        err.classification,
        err.message,
        err.code ?? undefined,
        err.title ?? undefined,
        err.details ?? undefined,
        err.ambiguous,
      );
    }
    throw err;
  }
}

function buildBody(req: SendRequest): OutboundMessageBody {
  const wa = req.recipientKeys.find((k) => k.startsWith('wa:'))?.slice(3);
  const bsuid = req.recipientKeys.find((k) => k.startsWith('bsuid:'))?.slice(6);
  if (!wa && !bsuid) throw new ChannelSendError('no_recipient', 'The contact has no WhatsApp id on this channel');
  const addressing = { ...(wa ? { to: wa } : { recipient: bsuid }), bizOpaqueCallbackData: req.correlationId };
  try {
    const c = req.content;
    if (c.type === 'text') return buildTextMessage({ ...addressing, body: c.text, previewUrl: c.previewUrl });
    return buildTemplateMessage({ ...addressing, name: c.name, languageCode: c.language });
  } catch (err) {
    if (err instanceof AppError) throw new ChannelSendError('invalid_request', err.message, undefined, 'Invalid message', err.message);
    throw err;
  }
}
