// sendPhoto, sendVideo, sendAudio and sendDocument with an uploaded file (multipart/form-data), checked as the Bot API
// checks them and answered with the Message Telegram returns. Written independently of Parley's builders on purpose.
import { createHash, randomBytes } from 'node:crypto';
import { badRequest, fail, intParam, ok, type FormPart, type Reply } from './bot-api';
import type { MessageObject } from './chats';
import { scripted } from './routes';
import { seconds, type FakeState } from './state';

export const CAPTION_MAX = 1024;
const MB = 1024 * 1024;
/** Bot uploads: photos up to 10 MB, other files up to 50 MB. */
export const PHOTO_MAX_BYTES = 10 * MB;
export const FILE_MAX_BYTES = 50 * MB;

/** Each upload method (lower case, as routed) and the form field its file must travel in. */
const FIELDS = { sendphoto: 'photo', sendvideo: 'video', sendaudio: 'audio', senddocument: 'document' } as const;
export type MediaField = (typeof FIELDS)[keyof typeof FIELDS];

export const mediaFieldOf = (method: string): MediaField | undefined =>
  Object.prototype.hasOwnProperty.call(FIELDS, method.toLowerCase()) ? FIELDS[method.toLowerCase() as keyof typeof FIELDS] : undefined;

/**
 * Order: chat_id, the file (present under the method's own field, non-empty, under the cap), the caption; the chat
 * (known? blocked?); scripted failures. Then the message is "delivered" with the chat's next message_id.
 */
export function sendMedia(state: FakeState, method: string, field: MediaField, p: Record<string, unknown>, files: FormPart[]): Reply {
  if (p.chat_id === undefined || p.chat_id === '') return badRequest('chat_id is empty');
  const chatId = intParam(p.chat_id);
  if (chatId === undefined || chatId === 0) return badRequest('chat not found');
  const file = files.find((f) => f.name === field);
  // A file under another field (a `document` part on sendPhoto) is not the one the method sends.
  if (!file) return badRequest(`there is no ${field} in the request`);
  if (file.bytes.length === 0) return badRequest('file must be non-empty');
  if (file.bytes.length > (field === 'photo' ? PHOTO_MAX_BYTES : FILE_MAX_BYTES)) return fail(413, 'Request Entity Too Large');
  const caption = typeof p.caption === 'string' && p.caption !== '' ? p.caption : undefined;
  if (p.caption !== undefined && typeof p.caption !== 'string') return badRequest('message caption is invalid');
  if (caption !== undefined && [...caption.trim()].length > CAPTION_MAX) return badRequest('message caption is too long');
  const key = String(chatId);
  const chat = state.chats.chat(key);
  if (!chat) return badRequest('chat not found');
  if (state.chats.isBlocked(key)) return fail(403, 'Forbidden: bot was blocked by the user');
  const failure = scripted(state, method);
  if (failure) return failure;

  const bytes = Buffer.from(file.bytes);
  const { username, ...bot } = state.bot;
  const message: MessageObject = {
    message_id: state.chats.nextMessageId(key),
    from: { ...bot, username },
    chat,
    date: seconds(state),
    ...mediaFields(field, file, bytes.length),
    ...(caption !== undefined ? { caption } : {}),
  };
  state.chats.note(message);
  state.record(state.media, {
    method,
    field,
    chatId: key,
    messageId: message.message_id,
    filename: file.filename ?? '',
    ...(file.contentType !== undefined ? { contentType: file.contentType } : {}),
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(caption !== undefined ? { caption } : {}),
    params: p,
    at: state.now(),
  });
  return ok(message);
}

const fileIds = () => ({ file_id: `BQAC${randomBytes(24).toString('base64url')}`, file_unique_id: randomBytes(8).toString('base64url') });

/** What the returned Message says about the file: photo sizes, or a video / audio / document object. */
function mediaFields(field: MediaField, file: FormPart, size: number): Record<string, unknown> {
  const named = {
    ...(file.filename ? { file_name: file.filename } : {}),
    ...(file.contentType ? { mime_type: file.contentType.split(';')[0]!.trim() } : {}),
  };
  switch (field) {
    case 'photo':
      // Telegram keeps several sizes of a photo (it does not decode ours: a thumbnail and the full one stand in).
      return {
        photo: [
          { ...fileIds(), file_size: Math.min(size, 1500), width: 90, height: 90 },
          { ...fileIds(), file_size: size, width: 800, height: 800 },
        ],
      };
    case 'video':
      return { video: { ...fileIds(), width: 640, height: 360, duration: 1, ...named, file_size: size } };
    case 'audio':
      return { audio: { ...fileIds(), duration: 1, ...named, file_size: size } };
    case 'document':
      return { document: { ...fileIds(), ...named, file_size: size } };
  }
}
