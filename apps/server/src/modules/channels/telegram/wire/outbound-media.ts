// A file sent with sendPhoto / sendVideo / sendAudio / sendDocument, as multipart/form-data with the file's bytes.
// Checked against Telegram's limits BEFORE the call: a caption over 1024 characters, an empty file or one over the
// bot upload caps (photos 10 MB, other files 50 MB) throw AppError('validation_failed') naming the field.
import { invalidField } from '../../../../platform/errors';
import { Issues, toInt } from './outbound-validate';

const MB = 1024 * 1024;

export const TELEGRAM_MEDIA_LIMITS = {
  /** Caption of a photo, video, audio or document, in characters after entities parsing. */
  captionMax: 1024,
  /** Bot API: "The photo must be at most 10 MB in size" (uploaded as multipart/form-data). */
  photoMaxBytes: 10 * MB,
  /** Bot API: other files uploaded by a bot, at most 50 MB. */
  fileMaxBytes: 50 * MB,
} as const;

export type TelegramMediaType = 'image' | 'video' | 'audio' | 'document';

/** Each kind of media, its Bot API method and the form field that carries the file. */
export const TELEGRAM_MEDIA_METHODS = {
  image: { method: 'sendPhoto', field: 'photo' },
  video: { method: 'sendVideo', field: 'video' },
  audio: { method: 'sendAudio', field: 'audio' },
  document: { method: 'sendDocument', field: 'document' },
} as const satisfies Record<TelegramMediaType, { method: string; field: string }>;

/**
 * How Telegram shows a file of this type: sendPhoto takes JPEG, PNG and WebP pictures, sendVideo MPEG-4, sendAudio
 * MP3 and M4A ("other formats may be sent as Document"); anything else goes as a document, which takes any file.
 */
export function telegramMediaTypeOf(mimeType: string): TelegramMediaType {
  const bare = mimeType.split(';')[0]!.trim().toLowerCase();
  if (['image/jpeg', 'image/png', 'image/webp'].includes(bare)) return 'image';
  if (bare === 'video/mp4') return 'video';
  if (['audio/mpeg', 'audio/mp4', 'audio/x-m4a'].includes(bare)) return 'audio';
  return 'document';
}

/** The most Telegram takes from a bot for this kind of media. */
export const telegramMaxBytes = (mediaType: TelegramMediaType): number =>
  mediaType === 'image' ? TELEGRAM_MEDIA_LIMITS.photoMaxBytes : TELEGRAM_MEDIA_LIMITS.fileMaxBytes;

export interface SendMediaInput {
  chatId: string | number;
  mediaType: TelegramMediaType;
  file: { bytes: Uint8Array; filename: string; mimeType: string };
  /** Plain text (no parse_mode), 1..1024 characters. */
  caption?: string;
}

/** A checked media send: the method to call and the form it posts. */
export interface SendMediaRequest {
  method: (typeof TELEGRAM_MEDIA_METHODS)[TelegramMediaType]['method'];
  /** The form field holding the file: photo, video, audio or document. */
  field: (typeof TELEGRAM_MEDIA_METHODS)[TelegramMediaType]['field'];
  chatId: number;
  caption?: string;
  file: { bytes: Uint8Array; filename: string; mimeType: string };
}

export function buildSendMedia(input: SendMediaInput): SendMediaRequest {
  if (typeof input !== 'object' || input === null) throw invalidField('message', 'must be an object');
  const issues = new Issues();
  const kind = Object.prototype.hasOwnProperty.call(TELEGRAM_MEDIA_METHODS, input.mediaType)
    ? TELEGRAM_MEDIA_METHODS[input.mediaType]
    : undefined;
  if (!kind) issues.add('mediaType', 'must be image, video, audio or document');
  const chatId = toInt(input.chatId);
  if (chatId === undefined || chatId === 0) issues.add('chatId', 'must be a Telegram chat id: a non-zero integer');
  const caption = input.caption === undefined || input.caption === '' ? undefined : input.caption;
  if (caption !== undefined) issues.text('caption', caption, TELEGRAM_MEDIA_LIMITS.captionMax);
  checkFile(issues, input);
  issues.throwIfAny();
  return {
    method: kind!.method,
    field: kind!.field,
    chatId: chatId!,
    ...(caption !== undefined ? { caption } : {}),
    file: input.file,
  };
}

function checkFile(issues: Issues, input: SendMediaInput): void {
  const f = input.file;
  if (!f || !(f.bytes instanceof Uint8Array)) return issues.add('file', 'is required');
  if (f.bytes.length === 0) return issues.add('file', 'is empty');
  if (!Object.prototype.hasOwnProperty.call(TELEGRAM_MEDIA_METHODS, input.mediaType)) return;
  const max = telegramMaxBytes(input.mediaType);
  if (f.bytes.length > max) issues.add('file', tooBig(input.mediaType, f.bytes.length));
  if (typeof f.filename !== 'string' || f.filename.trim() === '' || f.filename.length > 255)
    issues.add('filename', 'must be 1–255 characters');
}

/** Why a file of this size cannot go: the same words at upload and at send. */
export function tooBig(mediaType: TelegramMediaType, size: number): string {
  const max = telegramMaxBytes(mediaType);
  const what = mediaType === 'image' ? 'photos' : 'files';
  return `is ${(size / MB).toFixed(1)} MB; Telegram takes ${what} from a bot up to ${max / MB} MB`;
}
