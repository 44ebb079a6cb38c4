import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { SecretBox } from '../../platform/secret-box';
import { notFound } from '../../platform/errors';
import { channels, type ChannelKind, type ChannelSettingsByKind } from './tables';

type ChannelRecord = typeof channels.$inferSelect;
/** A channel row whose settings are those of its kind. */
export type ChannelRowOf<K extends ChannelKind> = Omit<ChannelRecord, 'kind' | 'settings'> & {
  kind: K;
  settings: ChannelSettingsByKind[K];
};
/** Any channel: narrow on `kind` before reading `settings`. */
export type ChannelRow = { [K in ChannelKind]: ChannelRowOf<K> }[ChannelKind];
export type WhatsAppChannelRow = ChannelRowOf<'whatsapp'>;
export type TelegramChannelRow = ChannelRowOf<'telegram'>;
/** Rows come from the database typed loosely; `kind` and `settings` are written together, so this holds. */
export const asChannelRow = (row: ChannelRecord): ChannelRow => row as ChannelRow;

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
  return asChannelRow(row);
}

export async function listChannels(db: Db, workspaceId: string): Promise<ChannelRow[]> {
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), isNull(channels.deletedAt)))
    .orderBy(asc(channels.createdAt))
    .then((rows) => rows.map(asChannelRow));
}

/** Route an inbound event by the provider's id (WhatsApp phone_number_id), across workspaces. */
export async function findChannelByExternalId<K extends ChannelKind>(
  db: Db,
  kind: K,
  externalId: string,
): Promise<ChannelRowOf<K> | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.kind, kind), eq(channels.externalId, externalId), isNull(channels.deletedAt)));
  return row as ChannelRowOf<K> | undefined;
}

/** A channel by id alone, for its own webhook URL (the URL carries no workspace). */
export async function findChannelById(db: Db, channelId: string): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.id, channelId), isNull(channels.deletedAt)));
  return row && asChannelRow(row);
}

/** A WhatsApp number's credentials (other kinds read theirs with openSealed). */
export const openSecrets = (box: SecretBox, row: ChannelRow): WhatsAppSecrets => openSealed<WhatsAppSecrets>(box, row);
export const openSealed = <T extends object>(box: SecretBox, row: ChannelRow): T => JSON.parse(box.open(row.sealedSecrets)) as T;
export const sealSecrets = (box: SecretBox, secrets: object): string => box.seal(JSON.stringify(secrets));
