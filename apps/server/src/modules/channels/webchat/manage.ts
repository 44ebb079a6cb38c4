import type { CreateWebchatChannelRequest, UpdateWebchatChannelRequest, WebchatChannel } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { notFound } from '../../../platform/errors';
import { getChannel, sealSecrets } from '../repository';
import { channels, type WebchatSettings } from '../tables';
import type { WebchatChannelRow } from './send';
import { widgetSnippet } from './test-page';

export const DEFAULT_WIDGET_TITLE = 'Chat with us';
export const DEFAULT_ACCENT = '#1c7ed6';

/** A widget's view for admins: its settings, the snippet to paste, and the test page. */
export function toWebchatView(row: WebchatChannelRow, baseUrl: string): WebchatChannel {
  return {
    id: row.id,
    kind: 'webchat',
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    widgetKey: row.externalId,
    allowedOrigins: row.settings.allowedOrigins,
    title: row.settings.title,
    accentColor: row.settings.accentColor,
    snippet: widgetSnippet(baseUrl, row.externalId),
    testPageUrl: `${baseUrl}/widget/test?key=${row.externalId}`,
  };
}

/** A new widget with a fresh random key (24 bytes: public, but never guessable). */
export async function createWebchatChannel(
  deps: Deps,
  workspaceId: string,
  input: Omit<CreateWebchatChannelRequest, 'kind'>,
): Promise<WebchatChannelRow> {
  const settings: WebchatSettings = {
    allowedOrigins: [...new Set(input.allowedOrigins ?? [])],
    title: input.title ?? DEFAULT_WIDGET_TITLE,
    accentColor: (input.accentColor ?? DEFAULT_ACCENT).toLowerCase(),
  };
  const [row] = await deps.db
    .insert(channels)
    .values({
      workspaceId,
      kind: 'webchat',
      name: input.name,
      externalId: randomBytes(24).toString('base64url'),
      settings,
      // A widget has no credentials; visitor tokens are signed with the install's key.
      sealedSecrets: sealSecrets(deps.secrets, {}),
      createdAt: deps.clock.now(),
    })
    .returning();
  return row as WebchatChannelRow;
}

/** Change a widget's name or settings; its key (already pasted into sites) stays. */
export async function updateWebchatChannel(
  deps: Deps,
  workspaceId: string,
  channelId: string,
  input: UpdateWebchatChannelRequest,
): Promise<WebchatChannelRow> {
  const current = await getChannel(deps.db, workspaceId, channelId);
  if (current.kind !== 'webchat') throw notFound('Channel');
  const settings: WebchatSettings = {
    allowedOrigins: input.allowedOrigins ? [...new Set(input.allowedOrigins)] : current.settings.allowedOrigins,
    title: input.title ?? current.settings.title,
    accentColor: (input.accentColor ?? current.settings.accentColor).toLowerCase(),
  };
  const [row] = await deps.db
    .update(channels)
    .set({ name: input.name ?? current.name, settings })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId), isNull(channels.deletedAt)))
    .returning();
  if (!row) throw notFound('Channel');
  return row as WebchatChannelRow;
}
