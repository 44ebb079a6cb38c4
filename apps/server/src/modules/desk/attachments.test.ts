import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDeskWorld, type DeskWorld } from '../../testing/desk';
import { ok, type Staff } from '../../testing/routing';
import { PHONE_NUMBER_ID } from '../../testing/whatsapp';

// Files from the composer: uploaded raw, checked against WhatsApp's types and caps, kept, then uploaded to the Graph
// API (multipart, as Meta takes it) and sent by media id — what the fake Graph API receives is what is asserted.
let w: DeskWorld;
let anna: Staff;
let conversationId: string;

const MB = 1024 * 1024;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake image data')]);
const PDF = Buffer.from('%PDF-1.4\n% a very small invoice\n%%EOF\n');
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(64, 1)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(32, 2)]);

const upload = (id: string, bytes: Buffer, type: string | undefined, filename?: string) =>
  w.t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${id}/attachments${filename !== undefined ? `?filename=${encodeURIComponent(filename)}` : ''}`,
    headers: { cookie: anna.cookie, ...(type ? { 'content-type': type } : {}) },
    payload: bytes,
  });
const send = (id: string, body: object) =>
  w.t.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: { cookie: anna.cookie }, payload: body });
const sentFor = (messageId: string) => w.fake.sent(PHONE_NUMBER_ID).find((s) => s.body.biz_opaque_callback_data === messageId)!;

beforeAll(async () => {
  w = await startDeskWorld();
  anna = await w.agent('Anna Agent');
  ({ conversationId } = await w.customerWrites({ waId: '16505553001', name: 'Paula Pictures' }, 'Can you send me the invoice?'));
  await w.deliver();
});
afterAll(() => w?.close());
beforeEach(() => w.fake.reset());

describe('attachments from the composer', () => {
  it('an image: stored, uploaded to the Graph API once, sent by its media id with the caption', async () => {
    const up = ok(await upload(conversationId, PNG, 'image/png', 'photo.png'), 201);
    expect(up).toMatchObject({
      mediaType: 'image',
      mimeType: 'image/png',
      sizeBytes: PNG.length,
      filename: 'photo.png',
      channelId: w.channelId,
    });
    // Staff read it back for the thread.
    const back = await w.t.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${w.channelId}/media/${up.fileId}`,
      headers: { cookie: anna.cookie },
    });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(PNG)).toBe(true);

    const res = await send(conversationId, { type: 'media', mediaType: 'image', fileId: up.fileId, caption: 'Your parcel' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ type: 'media', text: 'Your parcel', status: 'queued' });
    await w.deliver();

    const [file] = w.fake.uploads(PHONE_NUMBER_ID);
    expect(file).toMatchObject({ mimeType: 'image/png', filename: 'photo.png' });
    expect(file!.bytes.equals(PNG)).toBe(true);
    const wire = sentFor(res.json().id);
    expect(wire.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505553001',
      biz_opaque_callback_data: res.json().id,
      type: 'image',
      image: { id: file!.id, caption: 'Your parcel' },
    });
    const detail = ok(
      await w.t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}`, headers: { cookie: anna.cookie } }),
    );
    expect(detail.messages.find((m: { id: string }) => m.id === res.json().id)).toMatchObject({
      status: 'read',
      content: { fileId: up.fileId },
    });

    // Sent again: the media id is reused, nothing is uploaded twice.
    const again = await send(conversationId, { type: 'media', mediaType: 'image', fileId: up.fileId });
    await w.deliver();
    expect(w.fake.uploads()).toHaveLength(1);
    expect(sentFor(again.json().id).body).toMatchObject({ type: 'image', image: { id: file!.id } });
  });

  it('a document keeps its file name; audio goes without a caption; video too', async () => {
    const pdf = ok(await upload(conversationId, PDF, 'application/pdf', 'C:\\Users\\anna\\invoice-42.pdf'), 201);
    expect(pdf).toMatchObject({ mediaType: 'document', filename: 'invoice-42.pdf' });
    const doc = await send(conversationId, { type: 'media', mediaType: 'document', fileId: pdf.fileId, caption: 'Invoice' });
    const ogg = ok(await upload(conversationId, OGG, 'audio/ogg; codecs=opus'), 201);
    const audio = await send(conversationId, { type: 'media', mediaType: 'audio', fileId: ogg.fileId });
    const mp4 = ok(await upload(conversationId, MP4, 'video/mp4', 'how-to.mp4'), 201);
    const video = await send(conversationId, { type: 'media', mediaType: 'video', fileId: mp4.fileId, caption: 'How to' });
    for (const r of [doc, audio, video]) expect(r.statusCode).toBe(202);
    await w.deliver();

    const ids = new Map(w.fake.uploads().map((u) => [u.mimeType, u.id]));
    expect(sentFor(doc.json().id).body).toMatchObject({
      type: 'document',
      document: { id: ids.get('application/pdf'), filename: 'invoice-42.pdf', caption: 'Invoice' },
    });
    expect(sentFor(audio.json().id).body).toMatchObject({ type: 'audio', audio: { id: ids.get('audio/ogg') } });
    expect(sentFor(audio.json().id).body.audio).not.toHaveProperty('caption');
    expect(sentFor(video.json().id).body).toMatchObject({ type: 'video', video: { id: ids.get('video/mp4'), caption: 'How to' } });

    // An audio message cannot carry a caption on WhatsApp: refused before anything is queued.
    const captioned = await send(conversationId, { type: 'media', mediaType: 'audio', fileId: ogg.fileId, caption: 'listen' });
    expect(captioned.statusCode).toBe(400);
    expect(captioned.body).toContain('caption');
  });

  it('refuses what WhatsApp would not take, naming the field', async () => {
    const refusals: Array<[Buffer, string | undefined, string | undefined, string]> = [
      [Buffer.alloc(5 * MB + 1, 7), 'image/jpeg', undefined, 'file'], // over the 5 MB image cap
      [Buffer.alloc(16 * MB + 1, 7), 'video/mp4', undefined, 'file'], // over the 16 MB video cap
      [PNG, 'image/gif', undefined, 'file'],
      [PNG, 'image/svg+xml', undefined, 'file'],
      [PNG, 'application/json', undefined, 'file'],
      [PNG, undefined, undefined, 'file'],
      [Buffer.alloc(0), 'image/png', undefined, 'file'],
      [PNG, 'image/png', 'evil\u202Egnp.exe', 'filename'],
      [PNG, 'image/png', 'x'.repeat(300), 'query.filename'],
    ];
    for (const [bytes, type, filename, field] of refusals) {
      const res = await upload(conversationId, bytes, type, filename);
      expect(res.statusCode, `${type} ${bytes.length} ${filename}`).toBe(400);
      expect(res.json().error.issues?.[0]?.field ?? res.json().error.message, `${type} ${filename}`).toBe(field);
    }

    const png = ok(await upload(conversationId, PNG, 'image/png'), 201);
    const sendRefusals: Array<[object, string]> = [
      [{ type: 'media', mediaType: 'document', fileId: png.fileId }, 'mediaType'],
      [{ type: 'media', mediaType: 'image', fileId: 'out-doesnotexist' }, 'fileId'],
      [{ type: 'media', mediaType: 'image', fileId: 'not-ours' }, 'fileId'],
      [{ type: 'media', mediaType: 'image', fileId: png.fileId, link: 'https://example.com/a.png' }, 'fileId'],
    ];
    for (const [body, field] of sendRefusals) {
      const res = await send(conversationId, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.body).toContain(field);
    }
    // Nobody signed in: refused before the body is read.
    const unauthenticated = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/attachments`,
      headers: { 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(unauthenticated.statusCode).toBe(401);
    expect(w.fake.uploads()).toHaveLength(0);
    expect(w.fake.sent()).toHaveLength(0);
  });

  it('outside the 24-hour window a file is free-form too: 409 window_closed, only a template goes', async () => {
    const { conversationId: late } = await w.customerWrites({ waId: '16505553002', name: 'Larry Late' }, 'hello');
    await w.deliver();
    const png = ok(await upload(late, PNG, 'image/png'), 201);
    w.t.clock.advance(25 * 3_600_000);
    const res = await send(late, { type: 'media', mediaType: 'image', fileId: png.fileId });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('window_closed');
  });
});
