import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../platform/errors';
import { startHarness, type Harness } from '../fake-telegram/test-setup';
import { buildSendMedia, TELEGRAM_MEDIA_LIMITS, telegramMediaTypeOf, type SendMediaInput } from './outbound-media';
import { createTelegramClient, TelegramApiError, type TelegramClient } from './telegram-client';

// Files over the Bot API: the builder checks Telegram's limits, the client posts multipart/form-data, and the fake
// (a second opinion written apart from both) checks and records what arrived.
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const CHAT = 987654322;
const MB = 1024 * 1024;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake image data')]);
const PDF = Buffer.from('%PDF-1.4\n% an invoice\n%%EOF\n');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let h: Harness;
let client: TelegramClient;

beforeAll(async () => {
  h = await startHarness({ token: TOKEN });
  client = createTelegramClient({ baseUrl: h.fake.url, token: TOKEN, timeoutMs: 5000 });
  await client.setWebhook({ url: h.receiver.url, secretToken: 'hook-secret', allowedUpdates: ['message'] });
  await h.fake.userWrites({ chatId: CHAT, text: 'hello' });
});
afterAll(() => h?.close());
beforeEach(() => h.fake.reset());

const media = (over: Partial<SendMediaInput> = {}) =>
  buildSendMedia({
    chatId: String(CHAT),
    mediaType: 'image',
    file: { bytes: PNG, filename: 'photo.png', mimeType: 'image/png' },
    ...over,
  });

function fieldsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return ((e as AppError).details.issues ?? []).map((i) => i.field);
  }
  throw new Error('expected a validation error');
}

describe('buildSendMedia', () => {
  it('picks the method and field for each kind of media', () => {
    expect(media()).toMatchObject({ method: 'sendPhoto', field: 'photo', chatId: CHAT });
    expect(media({ mediaType: 'video' })).toMatchObject({ method: 'sendVideo', field: 'video' });
    expect(media({ mediaType: 'audio' })).toMatchObject({ method: 'sendAudio', field: 'audio' });
    expect(media({ mediaType: 'document', caption: 'Invoice' })).toMatchObject({
      method: 'sendDocument',
      field: 'document',
      caption: 'Invoice',
    });
  });

  it('refuses what Telegram would, naming the field: caption over 1024, empty or over-cap files, bad chat', () => {
    expect(media({ caption: 'x'.repeat(TELEGRAM_MEDIA_LIMITS.captionMax) }).caption).toHaveLength(1024);
    // Telegram counts characters: 1024 emoji are 2048 UTF-16 units and still fit.
    expect(() => media({ caption: '😀'.repeat(1024) })).not.toThrow();
    expect(fieldsOf(() => media({ caption: 'x'.repeat(1025) }))).toEqual(['caption']);
    expect(fieldsOf(() => media({ file: { bytes: Buffer.alloc(0), filename: 'a.png', mimeType: 'image/png' } }))).toEqual(['file']);
    const eleven = { bytes: Buffer.alloc(10 * MB + 1), filename: 'big.png', mimeType: 'image/png' };
    expect(fieldsOf(() => media({ file: eleven }))).toEqual(['file']);
    // The same 10 MB+ file is fine as a document (50 MB), not beyond.
    expect(media({ mediaType: 'document', file: eleven }).method).toBe('sendDocument');
    const huge = { bytes: Buffer.alloc(50 * MB + 1), filename: 'big.mp4', mimeType: 'video/mp4' };
    expect(fieldsOf(() => media({ mediaType: 'video', file: huge }))).toEqual(['file']);
    expect(fieldsOf(() => media({ chatId: 'abc' }))).toEqual(['chatId']);
  });

  it('sorts types as Telegram shows them: photos, MPEG-4 video, MP3/M4A audio, everything else a document', () => {
    expect(telegramMediaTypeOf('image/PNG')).toBe('image');
    expect(telegramMediaTypeOf('video/mp4')).toBe('video');
    expect(telegramMediaTypeOf('audio/mpeg')).toBe('audio');
    expect(telegramMediaTypeOf('audio/ogg')).toBe('document');
    expect(telegramMediaTypeOf('image/gif')).toBe('document');
    expect(telegramMediaTypeOf('application/zip')).toBe('document');
  });
});

describe('client.sendMedia against the fake Bot API', () => {
  it('posts multipart with chat_id, caption and the file under its field; the fake answers a Message', async () => {
    const r = await client.sendMedia(media({ caption: 'Your parcel' }));
    const doc = await client.sendMedia(
      media({ mediaType: 'document', file: { bytes: PDF, filename: 'invoice-42.pdf', mimeType: 'application/pdf' } }),
    );
    expect(r.chatId).toBe(String(CHAT));
    expect(doc.messageId).toBe(r.messageId + 1);
    const [photo, pdf] = h.fake.sentMedia(CHAT);
    expect(photo).toMatchObject({ method: 'sendPhoto', field: 'photo', filename: 'photo.png', caption: 'Your parcel', sha256: sha(PNG) });
    expect(photo!.bytes.equals(PNG)).toBe(true);
    expect(pdf).toMatchObject({ method: 'sendDocument', field: 'document', filename: 'invoice-42.pdf', contentType: 'application/pdf' });
    expect(pdf).not.toHaveProperty('caption');
    const answers = h.fake.requests.map((q) => q.response as { result: Record<string, unknown> });
    expect(answers[0]!.result.photo).toEqual([
      expect.objectContaining({ file_id: expect.any(String), width: 90 }),
      expect.objectContaining({ file_size: PNG.length }),
    ]);
    expect(answers[1]!.result.document).toMatchObject({ file_name: 'invoice-42.pdf', mime_type: 'application/pdf', file_size: PDF.length });
    expect(h.fake.requests[0]!.params).toMatchObject({ chat_id: String(CHAT), caption: 'Your parcel' });
  });

  it('the fake refuses a file under another field, an empty file, a long caption and an unknown chat', async () => {
    const wrongField = { ...media(), field: 'document' as const };
    const refusals: Array<[Parameters<TelegramClient['sendMedia']>[0], string]> = [
      [wrongField, 'Bad Request: there is no photo in the request'],
      [{ ...media(), file: { bytes: Buffer.alloc(0), filename: 'a.png', mimeType: 'image/png' } }, 'Bad Request: file must be non-empty'],
      [{ ...media(), caption: 'x'.repeat(1025) }, 'Bad Request: message caption is too long'],
      [{ ...media(), chatId: 55555 }, 'Bad Request: chat not found'],
    ];
    for (const [req, description] of refusals) {
      const err = await client.sendMedia(req).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TelegramApiError);
      expect(err).toMatchObject({ errorCode: 400, description, classification: 'definitive' });
    }
    expect(h.fake.sentMedia()).toHaveLength(0);
  });
});
