// What each kind of channel can show, so the bot renders a menu as buttons, a list or numbered text.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { channels, type ChannelKind } from './tables';

export interface ChannelCapabilities {
  /** Interactive reply buttons (up to 3). */
  buttons: boolean;
  /** Interactive lists (up to 10 rows). */
  lists: boolean;
}

const capabilities: Record<ChannelKind, ChannelCapabilities> = {
  whatsapp: { buttons: true, lists: true },
  // Sent as inline keyboards: a button per option.
  telegram: { buttons: true, lists: true },
  // The widget shows plain text: menus arrive as numbered text, answered by typing the number.
  webchat: { buttons: false, lists: false },
};

export function channelCapabilities(kind: ChannelKind): ChannelCapabilities {
  return capabilities[kind] ?? { buttons: false, lists: false };
}

// A channel never changes kind, so its kind can be kept for the life of the process (bounded: ids are few).
const kinds = new Map<string, ChannelKind>();
const MAX_KINDS = 10_000;

/** The kind of a channel (deleted ones too: their last events are still processed). */
export async function channelKindOf(db: Db, workspaceId: string, channelId: string): Promise<ChannelKind> {
  const known = kinds.get(channelId);
  if (known) return known;
  const [row] = await db
    .select({ kind: channels.kind })
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId)));
  if (!row) throw notFound('Channel');
  if (kinds.size >= MAX_KINDS) kinds.clear();
  kinds.set(channelId, row.kind);
  return row.kind;
}
