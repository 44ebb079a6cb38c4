import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';
import {
  APP_SECRET,
  PHONE_NUMBER_ID,
  WABA_ID,
  connectWhatsApp,
  postWebhook,
  processPending,
  sign,
  textWebhook,
  whatsappEnv,
} from '../../testing/whatsapp';
import { contacts } from '../contacts/tables';
import { messages, trackedLinks } from '../conversations/tables';
import { deadLetterName } from '../../platform/queue';
import { inboundEventJob } from './jobs';
import { downloadMedia } from './media';
import { inboundEvents, mediaFiles } from './tables';
import { startFakeGraph, type FakeGraph } from './whatsapp/fake-graph';

let t: TestApp;
let fake: FakeGraph;
let admin: string;
let channelId: string;
const TOKEN = 'EAAG-test-access-token-0123456789';

beforeAll(async () => {
  t = await startTestApp({
    env: { ...whatsappEnv, PUBLIC_URL: 'https://parley.example.com', JOB_RETRY_DELAY_SECONDS: '1', JOB_RETRY_LIMIT: '2' },
    worker: true,
  });
  fake = await startFakeGraph();
  fake.registerNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '15550783881',
    wabaId: WABA_ID,
    accessToken: TOKEN,
    appSecret: APP_SECRET,
    webhookUrl: 'http://127.0.0.1:9/unused',
    verifiedName: 'Acme',
  });
  admin = await t.login();
  channelId = (await connectWhatsApp(t, admin, { graphBaseUrl: fake.url })).id;
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });

describe('channel settings', () => {
  it('never returns or logs the credentials, and shows the webhook URL and verify token to paste into Meta', async () => {
    const res = await api('GET', `/channels/${channelId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      webhookUrl: 'https://parley.example.com/webhooks/whatsapp',
      verifyToken: 'test-verify-token',
      phoneNumberId: PHONE_NUMBER_ID,
    });
    expect(res.body).not.toContain(TOKEN);
    const [row] = await t.rt.deps.db
      .select()
      .from((await import('./tables')).channels)
      .where(eq((await import('./tables')).channels.id, channelId));
    expect(row!.sealedSecrets).not.toContain(TOKEN);
  });

  it('tests the connection against the Graph API', async () => {
    expect((await api('POST', `/channels/${channelId}/test`)).json()).toMatchObject({ ok: true });
  });

  it('refuses a second channel on the same number, and bad fields by name', async () => {
    const dup = await api('POST', '/channels/whatsapp', {
      name: 'x',
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: '123',
      displayPhoneNumber: '+1 555 000',
      accessToken: 'x'.repeat(30),
    });
    expect(dup.statusCode).toBe(409);
    const bad = await api('POST', '/channels/whatsapp', {
      name: '',
      phoneNumberId: 'abc',
      wabaId: '1',
      displayPhoneNumber: 'x',
      accessToken: 'short',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(['accessToken', 'displayPhoneNumber', 'name', 'phoneNumberId', 'wabaId']);
  });

  it('gives a number with its own Meta app its own URL, secret and verify token', async () => {
    const res = await api('POST', '/channels/whatsapp', {
      name: 'Other app',
      phoneNumberId: '222222222222222',
      wabaId: WABA_ID,
      displayPhoneNumber: '+1 555 222 2222',
      accessToken: TOKEN,
      ownWebhook: true,
      appSecret: 'another-app-secret',
    });
    expect(res.statusCode).toBe(201);
    const own = res.json();
    expect(own.webhookUrl).toBe(`https://parley.example.com/webhooks/whatsapp/${own.id}`);
    const ok = await t.app.inject(`/webhooks/whatsapp/${own.id}?hub.mode=subscribe&hub.challenge=42&hub.verify_token=${own.verifyToken}`);
    expect(ok.body).toBe('42');
    const body = textWebhook({ waId: '16505553333', name: 'Own' }, 'hi', t.clock.now());
    (body.entry[0]!.changes[0]!.value as { metadata: { phone_number_id: string } }).metadata.phone_number_id = '222222222222222';
    // the install's secret does not open another app's URL, nor does its own secret the install's URL
    expect((await postWebhook(t, body, { url: `/webhooks/whatsapp/${own.id}` })).statusCode).toBe(401);
    expect((await postWebhook(t, body, { url: `/webhooks/whatsapp/${own.id}`, secret: 'another-app-secret' })).statusCode).toBe(200);
    expect(await t.rt.deps.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, own.id))).toHaveLength(1);
    // sent to the shared URL instead, that number's events are dropped, never attached elsewhere
    const raw = JSON.stringify(body);
    await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
      payload: raw,
    });
    expect(await t.rt.deps.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, own.id))).toHaveLength(1);
  });
});

describe('media', () => {
  it('downloads a customer\u2019s image from the Graph API, verified and capped, and serves it to staff', async () => {
    const bytes = Buffer.from('\x89PNG fake image bytes');
    fake.addMedia({ id: 'media123', bytes, mimeType: 'image/png' });
    const sha = createHash('sha256').update(bytes).digest('base64');
    await downloadMedia(t.rt.deps, {
      workspaceId: (await api('GET', '/workspace')).json().id,
      channelId,
      mediaId: 'media123',
      kind: 'image',
      sha256: sha,
    });
    const [file] = await t.rt.deps.db.select().from(mediaFiles).where(eq(mediaFiles.providerMediaId, 'media123'));
    expect(file!.sizeBytes).toBe(bytes.length);
    const res = await api('GET', `/channels/${channelId}/media/media123`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses media over the per-type cap and never serves SVG inline', async () => {
    const ws = (await api('GET', '/workspace')).json().id;
    fake.addMedia({ id: 'huge', bytes: new Uint8Array(600 * 1024), mimeType: 'image/webp' });
    await downloadMedia(t.rt.deps, { workspaceId: ws, channelId, mediaId: 'huge', kind: 'sticker' });
    expect(await t.rt.deps.db.select().from(mediaFiles).where(eq(mediaFiles.providerMediaId, 'huge'))).toHaveLength(0);
    fake.addMedia({ id: 'svg1', bytes: Buffer.from('<svg onload="alert(1)"/>'), mimeType: 'image/svg+xml' });
    await downloadMedia(t.rt.deps, { workspaceId: ws, channelId, mediaId: 'svg1', kind: 'document' });
    const res = await api('GET', `/channels/${channelId}/media/svg1`);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
  });
});

describe('tracked links', () => {
  it('rewrites links in outbound text and counts clicks per contact', async () => {
    await postWebhook(t, textWebhook({ waId: '16505554444', name: 'Clicker' }, 'hi', t.clock.now()));
    await processPending(t);
    const [c] = await t.rt.deps.db.select().from(contacts).where(eq(contacts.channelName, 'Clicker'));
    const convs = await api('GET', '/conversations?limit=100');
    const conv = convs.json().items.find((x: { contactId: string }) => x.contactId === c!.id);
    const sent = await api('POST', `/conversations/${conv.id}/messages`, { text: 'See https://shop.example.com/item?id=7 now' });
    const [m] = await t.rt.deps.db.select().from(messages).where(eq(messages.id, sent.json().id));
    const [link] = await t.rt.deps.db.select().from(trackedLinks).where(eq(trackedLinks.messageId, m!.id));
    expect(m!.text).toBe(`See https://parley.example.com/l/${link!.token} now`);
    const click = await t.app.inject(`/l/${link!.token}`);
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example.com/item?id=7');
    const [after] = await t.rt.deps.db.select().from(contacts).where(eq(contacts.id, c!.id));
    expect(after!.clicks).toBe(1);
    expect((await t.app.inject('/l/unknownToken1')).statusCode).toBe(404);
  });
});

describe('poison events', () => {
  it('dead-letter with a readable error after their retries, without holding up other events', async () => {
    const ws = (await api('GET', '/workspace')).json().id;
    const [poison] = await t.rt.deps.db
      .insert(inboundEvents)
      .values({
        workspaceId: ws,
        channelId,
        providerKey: 'poison-1',
        kind: 'message',
        payload: { kind: 'message', at: 'not a date', from: { keys: [] } },
        receivedAt: t.clock.now(),
      })
      .returning();
    await t.rt.queue.enqueue(undefined, inboundEventJob, { workspaceId: ws, eventId: poison!.id });
    await postWebhook(t, textWebhook({ waId: '16505555555', name: 'After Poison' }, 'still works', t.clock.now()));
    const deadline = Date.now() + 45_000;
    let dead: unknown[] = [];
    while (Date.now() < deadline) {
      dead = await t.rt.queue.boss.findJobs(deadLetterName(inboundEventJob.name));
      const ok = await t.rt.deps.db.select().from(contacts).where(eq(contacts.channelName, 'After Poison'));
      if (dead.length > 0 && ok.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(dead).toHaveLength(1);
    expect(await t.rt.deps.db.select().from(contacts).where(eq(contacts.channelName, 'After Poison'))).toHaveLength(1);
    const [row] = await t.rt.deps.db.select().from(inboundEvents).where(eq(inboundEvents.id, poison!.id));
    expect(row!.processedAt).toBeNull();
    expect(row!.error).toBeTruthy();
  }, 60_000);
});
