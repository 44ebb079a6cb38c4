import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../channels/telegram/fake-telegram';
import { contactIdentities } from '../contacts/tables';
import { conversations } from '../conversations/tables';
import { startDeskWorld, type DeskWorld } from '../../testing/desk';
import { ok, type Staff } from '../../testing/routing';
import { createWidget, widgetHello } from '../../testing/webchat';
import { processPending } from '../../testing/whatsapp';

// Files from the composer on a Telegram conversation: uploaded raw, checked against Telegram's bot upload caps, kept,
// then posted to the Bot API as multipart (sendPhoto / sendDocument…) with the file's own bytes — what the fake
// Telegram receives is what is asserted. The web-chat widget shows text only and takes no file.
let w: DeskWorld;
let tg: FakeTelegram;
let anna: Staff;
let conversationId: string;
let port: number;

const CHAT = 720_000_001;
const MB = 1024 * 1024;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a telegram picture')]);
const PDF = Buffer.from('%PDF-1.4\n% the invoice for Telegram\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const upload = (id: string, bytes: Buffer, type: string, filename?: string) =>
  w.t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${id}/attachments${filename !== undefined ? `?filename=${encodeURIComponent(filename)}` : ''}`,
    headers: { cookie: anna.cookie, 'content-type': type },
    payload: bytes,
  });
const send = (id: string, body: object) =>
  w.t.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: { cookie: anna.cookie }, payload: body });
const messageOf = async (id: string, messageId: string) => {
  const detail = ok(await w.t.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: { cookie: anna.cookie } }));
  return detail.messages.find((m: { id: string }) => m.id === messageId);
};

beforeAll(async () => {
  w = await startDeskWorld();
  port = (w.t.app.server.address() as { port: number }).port;
  anna = await w.agent('Anna Agent');
  tg = await startFakeTelegram({ now: () => w.t.clock.now().getTime() });
  // Over the listening address, so the webhook Parley registers with the fake points back at this server.
  const connected = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: { cookie: w.cookie, host: `127.0.0.1:${port}` },
    payload: { kind: 'telegram', name: 'Acme on Telegram', botToken: tg.token, apiBaseUrl: tg.url },
  });
  expect(connected.statusCode).toBe(201);
  expect(await tg.userWrites({ chatId: CHAT, from: { firstName: 'Tanya' }, text: 'Can you send the invoice?' })).toBe(200);
  await processPending(w.t);
  const [row] = await w.t.rt.deps.db
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(contactIdentities, eq(contactIdentities.contactId, conversations.contactId))
    .where(and(eq(contactIdentities.key, `tg:${CHAT}`), eq(conversations.channelId, connected.json().id)));
  conversationId = row!.id;
  await w.deliver();
});
afterAll(async () => {
  await tg?.close();
  await w?.close();
});
beforeEach(() => tg.reset());

describe('attachments on a Telegram conversation', () => {
  it('an image and a document with captions go as sendPhoto and sendDocument, with their exact bytes', async () => {
    const png = ok(await upload(conversationId, PNG, 'image/png', 'parcel.png'), 201);
    expect(png).toMatchObject({ mediaType: 'image', mimeType: 'image/png', sizeBytes: PNG.length, filename: 'parcel.png' });
    const pdf = ok(await upload(conversationId, PDF, 'application/pdf', 'invoice-42.pdf'), 201);
    expect(pdf).toMatchObject({ mediaType: 'document', filename: 'invoice-42.pdf' });

    const photo = await send(conversationId, { type: 'media', mediaType: 'image', fileId: png.fileId, caption: 'Your parcel 📦' });
    const doc = await send(conversationId, { type: 'media', mediaType: 'document', fileId: pdf.fileId, caption: 'Invoice 42' });
    for (const r of [photo, doc]) expect(r.statusCode).toBe(202);
    await w.deliver();

    const sent = tg.sentMedia(CHAT);
    expect(sent.map((s) => s.method).sort()).toEqual(['sendDocument', 'sendPhoto']);
    const [sentPhoto, sentDoc] = ['sendPhoto', 'sendDocument'].map((m) => sent.find((s) => s.method === m)!);
    expect(sentPhoto).toMatchObject({ field: 'photo', filename: 'parcel.png', caption: 'Your parcel 📦', sha256: sha(PNG) });
    expect(sentPhoto!.bytes.equals(PNG)).toBe(true);
    expect(sentDoc).toMatchObject({
      field: 'document',
      filename: 'invoice-42.pdf',
      caption: 'Invoice 42',
      sha256: sha(PDF),
      contentType: 'application/pdf',
    });
    expect(sentPhoto!.params).toMatchObject({ chat_id: String(CHAT) });
    // Telegram sends no receipts: accepted is `sent`, under Telegram's own message id.
    expect(await messageOf(conversationId, photo.json().id)).toMatchObject({
      status: 'sent',
      text: 'Your parcel 📦',
      content: { fileId: png.fileId },
    });
    expect(await messageOf(conversationId, doc.json().id)).toMatchObject({ status: 'sent' });
  });

  it("applies Telegram's limits, not WhatsApp's: a 6 MB photo is taken (WhatsApp: 5 MB), an 11 MB one is not", async () => {
    const photo = ok(await upload(conversationId, Buffer.alloc(6 * MB, 3), 'image/png', 'wide.png'), 201);
    expect(photo).toMatchObject({ mediaType: 'image', sizeBytes: 6 * MB });
    // Any other type goes as a document on Telegram (WhatsApp refuses a GIF outright).
    expect(ok(await upload(conversationId, Buffer.from('GIF89a...'), 'image/gif', 'wave.gif'), 201)).toMatchObject({
      mediaType: 'document',
    });

    const big = await upload(conversationId, Buffer.alloc(10 * MB + 1, 7), 'image/jpeg', 'huge.jpg');
    expect(big.statusCode).toBe(400);
    expect(big.json().error.issues[0]).toMatchObject({ field: 'file' });
    expect(big.json().error.issues[0].message).toContain('Telegram takes photos from a bot up to 10 MB');
    const huge = await upload(conversationId, Buffer.alloc(50 * MB + 1, 7), 'application/pdf', 'huge.pdf');
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.issues[0].message).toContain('up to 50 MB');
    expect(tg.sentMedia()).toHaveLength(0);
  });

  it('a caption over 1024 characters is a 400 naming caption, before anything is queued', async () => {
    const png = ok(await upload(conversationId, PNG, 'image/png'), 201);
    const res = await send(conversationId, { type: 'media', mediaType: 'image', fileId: png.fileId, caption: 'x'.repeat(1025) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues?.[0]?.field ?? res.json().error.message).toContain('caption');
    // Exactly 1024 (Telegram counts characters, emoji included) goes.
    const fits = await send(conversationId, { type: 'media', mediaType: 'image', fileId: png.fileId, caption: '😀'.repeat(1024) });
    expect(fits.statusCode).toBe(202);
    await w.deliver();
    expect(tg.sentMedia(CHAT).map((s) => s.caption)).toEqual(['😀'.repeat(1024)]);
  });

  it('a file the fake Telegram refuses fails the message with its reason', async () => {
    const pdf = ok(await upload(conversationId, PDF, 'application/pdf', 'a.pdf'), 201);
    tg.failNext({ method: 'sendDocument', errorCode: 400, description: 'Bad Request: wrong file identifier' });
    const res = await send(conversationId, { type: 'media', mediaType: 'document', fileId: pdf.fileId });
    await w.deliver();
    expect(await messageOf(conversationId, res.json().id)).toMatchObject({
      status: 'failed',
      error: { code: 400, title: 'Bad Request: wrong file identifier' },
    });
    expect(tg.sentMedia()).toHaveLength(0);
  });
});

describe('the web-chat widget', () => {
  it('takes no file: 409, the widget shows text only', async () => {
    const widget = await createWidget(w.t, w.cookie);
    const { client, ready } = await widgetHello(`ws://127.0.0.1:${port}`, widget.widgetKey);
    client.send({ type: 'message', clientId: randomUUID(), text: 'Hi from the website' });
    await client.next((f) => f.type === 'ack');
    await processPending(w.t);
    const [row] = await w.t.rt.deps.db
      .select({ id: conversations.id })
      .from(conversations)
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, conversations.contactId))
      .where(and(eq(conversations.channelId, widget.id), eq(contactIdentities.key, `web:${ready.visitorId}`)));
    const res = await upload(row!.id, PNG, 'image/png', 'photo.png');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('shows text only');
    await client.close();
  });
});
