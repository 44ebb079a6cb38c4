import type { Channel, CreateWhatsAppChannelRequest, WhatsAppChannel } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors';
import { asChannelRow, findChannelByExternalId, openSecrets, sealSecrets, type ChannelRow, type WhatsAppChannelRow } from './repository';
import { channels } from './tables';
import { testTelegramChannel, toTelegramView } from './telegram/manage';
import { toWebchatView } from './webchat';

/** How a channel appears to an admin: never its tokens or secrets. */
export function toChannelView(deps: Deps, row: ChannelRow, baseUrl: string): Channel {
  switch (row.kind) {
    case 'whatsapp':
      return toWhatsAppView(deps, row, baseUrl);
    case 'telegram':
      return toTelegramView(row, baseUrl);
    case 'webchat':
      return toWebchatView(row, baseUrl);
  }
}

function toWhatsAppView(deps: Deps, row: WhatsAppChannelRow, baseUrl: string): WhatsAppChannel {
  const s = row.settings;
  const secrets = openSecrets(deps.secrets, row);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    phoneNumberId: s.phoneNumberId,
    wabaId: s.wabaId,
    displayPhoneNumber: s.displayPhoneNumber,
    graphBaseUrl: s.graphBaseUrl,
    graphVersion: s.graphVersion,
    ownWebhook: s.ownWebhook,
    webhookUrl: s.ownWebhook ? `${baseUrl}/webhooks/whatsapp/${row.id}` : `${baseUrl}/webhooks/whatsapp`,
    verifyToken: s.ownWebhook ? (secrets.verifyToken ?? null) : (deps.config.whatsapp.verifyToken ?? null),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createWhatsAppChannel(
  deps: Deps,
  workspaceId: string,
  input: Omit<CreateWhatsAppChannelRequest, 'kind'>,
): Promise<WhatsAppChannelRow> {
  if (await findChannelByExternalId(deps.db, 'whatsapp', input.phoneNumberId)) {
    throw new AppError('conflict', 'phoneNumberId: this number is already connected', {
      issues: [{ field: 'phoneNumberId', message: 'this number is already connected' }],
    });
  }
  const ownWebhook = input.ownWebhook ?? false;
  const sealedSecrets = sealSecrets(deps.secrets, {
    accessToken: input.accessToken,
    ...(ownWebhook ? { appSecret: input.appSecret, verifyToken: randomBytes(18).toString('base64url') } : {}),
  });
  return withTx(deps.db, async (tx) => {
    const [row] = await tx
      .insert(channels)
      .values({
        workspaceId,
        kind: 'whatsapp',
        name: input.name,
        externalId: input.phoneNumberId,
        settings: {
          phoneNumberId: input.phoneNumberId,
          wabaId: input.wabaId,
          displayPhoneNumber: input.displayPhoneNumber,
          graphBaseUrl: (input.graphBaseUrl ?? deps.config.whatsapp.graphBaseUrl).replace(/\/$/, ''),
          graphVersion: input.graphVersion ?? deps.config.whatsapp.graphVersion,
          ownWebhook,
        },
        sealedSecrets,
        createdAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', 'phoneNumberId: this number is already connected');
    return row as WhatsAppChannelRow;
  });
}

/** Soft-delete; returns the row so the caller can undo provider-side set-up (a Telegram webhook) after commit. */
export async function deleteChannel(deps: Deps, workspaceId: string, channelId: string): Promise<ChannelRow> {
  const [row] = await deps.db
    .update(channels)
    .set({ deletedAt: deps.clock.now() })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId), isNull(channels.deletedAt)))
    .returning();
  if (!row) throw notFound('Channel');
  return asChannelRow(row);
}

/** "Test the connection" with the stored credentials. */
export async function testChannel(deps: Deps, row: ChannelRow): Promise<{ ok: boolean; message: string }> {
  switch (row.kind) {
    case 'whatsapp':
      return testWhatsAppChannel(deps, row);
    case 'telegram':
      return testTelegramChannel(deps, row);
    case 'webchat':
      return { ok: true, message: 'The website chat needs no provider connection' };
  }
}

/** Read the number from the Graph API with the stored token. */
async function testWhatsAppChannel(deps: Deps, row: WhatsAppChannelRow): Promise<{ ok: boolean; message: string }> {
  const { graphBaseUrl, graphVersion, phoneNumberId } = row.settings;
  const url = `${graphBaseUrl}/${graphVersion}/${phoneNumberId}?fields=display_phone_number,verified_name`;
  try {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${openSecrets(deps.secrets, row).accessToken}` },
      signal: AbortSignal.timeout(10_000),
      redirect: 'error',
    });
    const body = (await res.json().catch(() => ({}))) as { display_phone_number?: string; error?: { code?: number; message?: string } };
    if (res.ok) return { ok: true, message: `Connected: ${body.display_phone_number ?? row.settings.displayPhoneNumber}` };
    return { ok: false, message: `Meta answered ${res.status}: ${body.error?.message ?? 'no details'}` };
  } catch (err) {
    return { ok: false, message: `Could not reach ${graphBaseUrl}: ${(err as Error).message}` };
  }
}
