import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { SecretBox } from '../../platform/secret-box';
import { notFound } from '../../platform/errors';
import { channels } from './tables';

export type ChannelRow = typeof channels.$inferSelect;

/** Credentials of a WhatsApp number; sealed at rest. */
export interface WhatsAppSecrets {
  accessToken: string;
  /** Only for a channel with its own webhook; otherwise the install's WHATSAPP_APP_SECRET applies. */
  appSecret?: string;
  verifyToken?: string;
}

export async function getChannel(db: Db, workspaceId: string, channelId: string): Promise<ChannelRow> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId), isNull(channels.deletedAt)));
  if (!row) throw notFound('Channel');
  return row;
}

export async function listChannels(db: Db, workspaceId: string): Promise<ChannelRow[]> {
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), isNull(channels.deletedAt)))
    .orderBy(asc(channels.createdAt));
}

/** Route an inbound event by the provider's id (WhatsApp phone_number_id), across workspaces. */
export async function findChannelByExternalId(db: Db, kind: ChannelRow['kind'], externalId: string): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.kind, kind), eq(channels.externalId, externalId), isNull(channels.deletedAt)));
  return row;
}

/** A channel by id alone, for its own webhook URL (the URL carries no workspace). */
export async function findChannelById(db: Db, channelId: string): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.id, channelId), isNull(channels.deletedAt)));
  return row;
}

export const openSecrets = (box: SecretBox, row: ChannelRow): WhatsAppSecrets => JSON.parse(box.open(row.sealedSecrets)) as WhatsAppSecrets;
export const sealSecrets = (box: SecretBox, secrets: WhatsAppSecrets): string => box.seal(JSON.stringify(secrets));
