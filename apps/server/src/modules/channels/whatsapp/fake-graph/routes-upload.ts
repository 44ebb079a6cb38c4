import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authorizeNumber, isReply } from './auth';
import { graphErrorBody } from './graph-errors';
import { json, type Reply } from './http-util';
import { parseMultipart } from './multipart';
import type { FakeState } from './state';

const MB = 1024 * 1024;

/**
 * Meta's supported media types and their caps (Cloud API "Supported media types"), written out here on purpose:
 * the fake checks what Parley sends against Meta's rules, never against Parley's own copy of them.
 */
const SUPPORTED: ReadonlyArray<{ types: readonly string[]; maxBytes: number }> = [
  { types: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  { types: ['image/webp'], maxBytes: 500 * 1024 },
  { types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
  { types: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  {
    types: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
];

/** The largest upload Meta takes (documents): the fake buffers up to this on its upload route. */
export const UPLOAD_MAX_BYTES = 100 * MB + 64 * 1024;

/** A file Parley uploaded, as the fake received it. */
export interface UploadedMedia {
  phoneNumberId: string;
  id: string;
  mimeType: string;
  filename?: string;
  bytes: Buffer;
  at: number;
}

/**
 * `POST /{version}/{phone-number-id}/media` (multipart/form-data: `messaging_product=whatsapp`, `type`, `file`):
 * answers `{ id }`, and the media can then be fetched back (GET /{media-id}) and sent by id, as with Meta.
 */
export function handleUpload(state: FakeState, req: IncomingMessage, phoneNumberId: string, raw: Buffer): Reply {
  const number = authorizeNumber(state, req, phoneNumberId, 'post');
  if (isReply(number)) return number;
  const parts = parseMultipart(raw, req.headers['content-type']);
  if ('error' in parts) return invalid(`Invalid request: ${parts.error}.`);
  const field = (name: string) => parts.find((p) => p.name === name);
  if (field('messaging_product')?.bytes.toString() !== 'whatsapp') return invalid('The parameter messaging_product is required.');
  const file = field('file');
  const type = field('type')?.bytes.toString().trim();
  if (!file || file.filename === undefined) return invalid('The parameter file is required.');
  if (!type) return invalid('The parameter type is required.');
  const bare = type.split(';')[0]!.trim().toLowerCase();
  const rule = SUPPORTED.find((r) => r.types.includes(bare));
  if (!rule)
    return uploadError(
      `Param file must be a file with one of the following types: ${SUPPORTED.flatMap((r) => r.types).join(', ')}. Received file of type '${type}'.`,
    );
  if (file.contentType && file.contentType.split(';')[0]!.trim().toLowerCase() !== bare) {
    return uploadError(`The file's content type ${file.contentType} does not match the type parameter ${type}.`);
  }
  if (file.bytes.length === 0) return uploadError('The file is empty.');
  if (file.bytes.length > rule.maxBytes)
    return uploadError(`The file is ${file.bytes.length} bytes; ${type} files are limited to ${rule.maxBytes} bytes.`);
  const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`));
  const bytes = Buffer.from(file.bytes);
  state.media.set(id, { id, bytes, mimeType: bare, sha256Hex: createHash('sha256').update(bytes).digest('hex') });
  state.record(state.uploads, {
    phoneNumberId,
    id,
    mimeType: bare,
    ...(file.filename ? { filename: file.filename } : {}),
    bytes,
    at: state.now(),
  });
  return json(200, { id });
}

const invalid = (details: string): Reply => json(400, graphErrorBody(100, details));
const uploadError = (details: string): Reply => json(400, graphErrorBody(131053, details));
