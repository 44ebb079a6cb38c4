import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { invalidField } from '../../../platform/errors';
import { getChannel, openSecrets, type WhatsAppChannelRow } from '../repository';
import { channels } from '../tables';
import { createTemplatesClient, type TemplatesClient } from './wire';

const MANAGEMENT_TIMEOUT_MS = 20_000;

/** A WhatsApp number's business account, with a Business Management API client holding the number's token. */
export interface WabaAccess {
  channelId: string;
  wabaId: string;
  client: TemplatesClient;
}

/**
 * The templates client for the WABA of one of the workspace's WhatsApp numbers. Anything but a WhatsApp number
 * is refused as a bad `channelId` (templates belong to a WhatsApp Business Account).
 */
export async function openWabaAccess(deps: Deps, workspaceId: string, channelId: string, field = 'channelId'): Promise<WabaAccess> {
  const channel = await getChannel(deps.db, workspaceId, channelId).catch(() => {
    throw invalidField(field, 'no such channel in this workspace');
  });
  if (channel.kind !== 'whatsapp') throw invalidField(field, `is a ${channel.kind} channel; templates belong to WhatsApp numbers`);
  return accessOf(deps, channel);
}

function accessOf(deps: Deps, channel: WhatsAppChannelRow): WabaAccess {
  const { graphBaseUrl, graphVersion, wabaId } = channel.settings;
  const client = createTemplatesClient({
    baseUrl: graphBaseUrl,
    version: graphVersion,
    wabaId,
    accessToken: openSecrets(deps.secrets, channel).accessToken,
    timeoutMs: MANAGEMENT_TIMEOUT_MS,
  });
  return { channelId: channel.id, wabaId, client };
}

/**
 * Account-level webhook changes (template status, quality…) name a WABA, not a phone number: one live WhatsApp
 * number per workspace that has the WABA receives them (the oldest), so each workspace processes a change once.
 */
export async function wabaChannelsAcrossWorkspaces(
  db: Db,
  wabaId: string,
  opts: { sharedWebhookOnly?: boolean } = {},
): Promise<WhatsAppChannelRow[]> {
  const rows = await db
    .select()
    .from(channels)
    .where(and(eq(channels.kind, 'whatsapp'), isNull(channels.deletedAt), sql`${channels.settings}->>'wabaId' = ${wabaId}`))
    .orderBy(asc(channels.createdAt), asc(channels.id));
  const first = new Map<string, WhatsAppChannelRow>();
  for (const row of rows as WhatsAppChannelRow[]) {
    // A number with its own Meta app is verified on its own URL only; the install's URL skips it.
    if (opts.sharedWebhookOnly && row.settings.ownWebhook) continue;
    if (!first.has(row.workspaceId)) first.set(row.workspaceId, row);
  }
  return [...first.values()];
}
