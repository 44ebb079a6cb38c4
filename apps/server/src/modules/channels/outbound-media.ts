// Files staff attach in the desk: checked against the channel's types and caps (WhatsApp's, or Telegram's), kept in
// media_files under our own id (`out-…`, so GET /channels/:id/media/:fileId serves them back to the thread like a
// customer's media), and handed to the provider only when a message carrying one is sent: uploaded to the Graph API
// for WhatsApp, posted with sendPhoto / sendDocument… for Telegram.
import { attachmentRules, attachmentTypeOf, type AttachmentMediaType, type UploadedAttachment } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, invalidField } from '../../platform/errors';
import { getChannel } from './repository';
import { ChannelSendError } from './send-contract';
import { channels, mediaFiles, type ChannelKind } from './tables';
import { telegramMaxBytes, telegramMediaTypeOf, telegramTooBig } from './telegram/wire';
import type { GraphClient } from './whatsapp/wire';

/** Meta keeps a business upload 30 days; after 29 we upload again rather than risk a dead id. */
const GRAPH_ID_REUSE_MS = 29 * 24 * 3_600_000;
const MB = 1024 * 1024;

export interface OutboundFileInput {
  workspaceId: string;
  channelId: string;
  /** The Content-Type the file came with. */
  mimeType: string | undefined;
  bytes: Buffer;
  filename?: string;
}

/** Keep a file to send on a WhatsApp or Telegram channel; 400 naming `file` or `filename` when the channel would not take it. */
export async function storeOutboundMedia(deps: Deps, input: OutboundFileInput): Promise<UploadedAttachment> {
  const channel = await getChannel(deps.db, input.workspaceId, input.channelId);
  const { mediaType, mimeType } = checkOutboundUpload(channel.kind, input.mimeType, input.bytes.length);
  const filename = input.filename === undefined ? null : checkFilename(input.filename);
  const fileId = `out-${randomBytes(18).toString('base64url')}`;
  await deps.db.insert(mediaFiles).values({
    workspaceId: input.workspaceId,
    channelId: input.channelId,
    providerMediaId: fileId,
    mimeType,
    sizeBytes: input.bytes.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    bytes: input.bytes,
    downloadedAt: deps.clock.now(),
    filename,
  });
  return { fileId, channelId: input.channelId, mediaType, mimeType, sizeBytes: input.bytes.length, filename };
}

/**
 * The rules of the channel's kind for a file of this type and size: which kind of media it goes as, or a 400
 * naming `file`; the web-chat widget takes no files at all (409).
 */
export function checkOutboundUpload(kind: ChannelKind, contentType: string | undefined, size: number) {
  switch (kind) {
    case 'whatsapp':
      return checkFile(contentType, size);
    case 'telegram':
      return checkTelegramFile(contentType, size);
    case 'webchat':
      throw new AppError('conflict', 'The web-chat widget shows text only: files cannot be sent on this conversation');
  }
}

/** The kind of media a stored file goes as on a channel of this kind; null when that channel takes no such file. */
export function outboundMediaTypeOf(kind: ChannelKind, mimeType: string): AttachmentMediaType | null {
  if (kind === 'telegram') return telegramMediaTypeOf(mimeType);
  if (kind === 'whatsapp') return attachmentTypeOf(mimeType);
  return null;
}

/** Telegram takes any type (what is not a photo, MPEG-4 video or MP3/M4A audio goes as a document), up to its bot caps. */
function checkTelegramFile(contentType: string | undefined, size: number) {
  const mimeType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(mimeType)) throw invalidField('file', 'send the file with its Content-Type');
  if (size === 0) throw invalidField('file', 'is empty');
  const mediaType = telegramMediaTypeOf(mimeType);
  if (size > telegramMaxBytes(mediaType)) throw invalidField('file', telegramTooBig(mediaType, size));
  return { mediaType, mimeType };
}

/** WhatsApp's rules for a file of this type and size: which kind of media it is, or a 400 naming `file`. */
export function checkFile(contentType: string | undefined, size: number) {
  const mimeType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const mediaType = attachmentTypeOf(mimeType);
  if (!mediaType) {
    throw invalidField(
      'file',
      `${mimeType || 'a file without a type'} is not a type WhatsApp accepts: images JPEG or PNG, audio AAC, AMR, MP3, M4A or OGG, video MP4 or 3GP, documents PDF, TXT, Word, Excel or PowerPoint`,
    );
  }
  if (size === 0) throw invalidField('file', 'is empty');
  const cap = attachmentRules[mediaType].maxBytes;
  if (size > cap) throw invalidField('file', `is ${(size / MB).toFixed(1)} MB; WhatsApp takes ${mediaType} files up to ${cap / MB} MB`);
  return { mediaType, mimeType };
}

function checkFilename(raw: string): string {
  // A name, not a path: what the customer's phone shows under a document.
  const name = raw.split(/[\\/]/).pop()!.trim();
  if (name === '' || name.length > 240) throw invalidField('filename', 'must be 1–240 characters');
  if (/[\p{Cc}\p{Cf}]/u.test(name)) throw invalidField('filename', 'must not contain control or formatting characters');
  return name;
}

/** A file attached on this channel, for a message that sends it; 400 naming `fileId` otherwise. */
export async function outboundFile(db: Db, workspaceId: string, channelId: string, fileId: string) {
  const [row] = await db
    .select({ mimeType: mediaFiles.mimeType, filename: mediaFiles.filename, sizeBytes: mediaFiles.sizeBytes, kind: channels.kind })
    .from(mediaFiles)
    .innerJoin(channels, and(eq(channels.workspaceId, mediaFiles.workspaceId), eq(channels.id, mediaFiles.channelId)))
    .where(and(eq(mediaFiles.workspaceId, workspaceId), eq(mediaFiles.channelId, channelId), eq(mediaFiles.providerMediaId, fileId)));
  if (!row || !fileId.startsWith('out-')) throw invalidField('fileId', "is not a file attached on this conversation's channel");
  const { kind, ...file } = row;
  return { ...file, mediaType: outboundMediaTypeOf(kind, row.mimeType) };
}

/** An attached file's bytes and details, when a message sending it is delivered; a failed send if it is gone. */
export async function attachedFileOf(deps: Deps, c: { workspaceId: string; channelId: string; fileId: string }) {
  const [row] = await deps.db
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.workspaceId, c.workspaceId), eq(mediaFiles.channelId, c.channelId), eq(mediaFiles.providerMediaId, c.fileId)));
  if (!row) throw new ChannelSendError('invalid_request', 'The attached file is gone', undefined, 'Attachment missing', c.fileId);
  return row;
}

/**
 * The WhatsApp media id of an attached file: the one its last upload got while still fresh, else a new upload.
 * Two sends racing here upload twice at worst; each id is valid, so either may be kept.
 */
export async function whatsappMediaIdOf(
  deps: Deps,
  client: GraphClient,
  c: { workspaceId: string; channelId: string; fileId: string },
): Promise<string> {
  const where = and(
    eq(mediaFiles.workspaceId, c.workspaceId),
    eq(mediaFiles.channelId, c.channelId),
    eq(mediaFiles.providerMediaId, c.fileId),
  );
  const [row] = await deps.db.select().from(mediaFiles).where(where);
  if (!row) throw new ChannelSendError('invalid_request', 'The attached file is gone', undefined, 'Attachment missing', c.fileId);
  const now = deps.clock.now();
  if (row.graphMediaId && row.graphUploadedAt && now.getTime() - row.graphUploadedAt.getTime() < GRAPH_ID_REUSE_MS) {
    return row.graphMediaId;
  }
  const id = await client.uploadMedia({ bytes: row.bytes, mimeType: row.mimeType, filename: row.filename ?? `${c.fileId}` });
  await deps.db.update(mediaFiles).set({ graphMediaId: id, graphUploadedAt: now }).where(where);
  return id;
}
