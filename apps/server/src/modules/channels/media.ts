import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import { defineJob } from '../../platform/queue';
import { getChannel, openSecrets } from './repository';
import { mediaFiles } from './tables';
import { createGraphClient, GraphApiError, MediaDownloadError } from './whatsapp/wire';

// Meta's own limits per type (reference: 5 MB images, 16 MB audio/video, 100 MB documents, 500 KB stickers).
export const MEDIA_CAPS: Record<string, number> = {
  image: 5 * 1024 * 1024,
  audio: 16 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
  sticker: 500 * 1024,
};

export const downloadMediaJob = defineJob({
  name: 'channels.download-media',
  schema: z
    .object({
      workspaceId: z.uuid(),
      channelId: z.uuid(),
      mediaId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
      kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
      sha256: z.string().max(128).optional(),
    })
    .strict(),
  retryLimit: 6,
  retryDelaySeconds: 10,
});

export type DownloadMedia = z.infer<typeof downloadMediaJob.schema>;

/**
 * Fetch a customer's media from the Graph API (and only from its host: the client refuses other origins)
 * and keep it. Idempotent; too-large or mismatching files are refused and logged, never retried.
 */
export async function downloadMedia(deps: Deps, job: DownloadMedia): Promise<void> {
  const existing = await deps.db
    .select({ id: mediaFiles.providerMediaId })
    .from(mediaFiles)
    .where(
      and(
        eq(mediaFiles.workspaceId, job.workspaceId),
        eq(mediaFiles.channelId, job.channelId),
        eq(mediaFiles.providerMediaId, job.mediaId),
      ),
    );
  if (existing.length) return;
  const channel = await getChannel(deps.db, job.workspaceId, job.channelId);
  // Only WhatsApp hands out media ids to download; other kinds never enqueue this job.
  if (channel.kind !== 'whatsapp') throw new Error(`media download is not supported on ${channel.kind} channels`);
  const client = createGraphClient({
    baseUrl: channel.settings.graphBaseUrl,
    version: channel.settings.graphVersion,
    phoneNumberId: channel.settings.phoneNumberId,
    accessToken: openSecrets(deps.secrets, channel).accessToken,
    timeoutMs: 60_000,
  });
  const cap = MEDIA_CAPS[job.kind]!;
  try {
    const info = await client.getMediaUrl(job.mediaId);
    if (info.fileSize && info.fileSize > cap)
      throw new MediaDownloadError('too_large', `${info.fileSize} bytes is over the ${job.kind} cap`);
    const bytes = await client.downloadMedia(info.url, cap, job.sha256 ?? info.sha256);
    await deps.db
      .insert(mediaFiles)
      .values({
        workspaceId: job.workspaceId,
        channelId: job.channelId,
        providerMediaId: job.mediaId,
        mimeType: info.mimeType ?? 'application/octet-stream',
        sizeBytes: bytes.length,
        sha256: info.sha256 ?? null,
        bytes,
        downloadedAt: deps.clock.now(),
      })
      .onConflictDoNothing();
  } catch (err) {
    if (err instanceof MediaDownloadError || (err instanceof GraphApiError && err.classification === 'definitive')) {
      deps.log.warn({ mediaId: job.mediaId, channelId: job.channelId, reason: err.message }, 'media not downloaded');
      return;
    }
    throw err;
  }
}

export async function getMediaFile(deps: Deps, workspaceId: string, channelId: string, mediaId: string) {
  const [row] = await deps.db
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.workspaceId, workspaceId), eq(mediaFiles.channelId, channelId), eq(mediaFiles.providerMediaId, mediaId)));
  if (!row) throw notFound('Media (not downloaded yet, or refused)');
  return row;
}
