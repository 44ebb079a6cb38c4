// GDPR erasure is complete: a customer who wrote on WhatsApp (text and an image), chatted on the website widget
// (merged in), received campaigns, has attributes, notes, a picture, a segment, goals, audit entries, raw webhook
// bodies and queued jobs is erased; afterwards no row of any table (public and pgboss schemas), no file under the
// data folder and no job payload holds their phone, email or name — and another customer's data is untouched.
import { and, eq, sql } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSendingWorld, type SendingWorld } from '../../../testing/campaign-sending';
import { seedAttributeValues } from '../../../testing/contacts';
import { findInDatabase, findInFiles } from '../../../testing/privacy';
import { createStaff, runJobs } from '../../../testing/routing';
import { createWidget, widgetHello } from '../../../testing/webchat';
import { envelope, PHONE_NUMBER_ID, postWebhook } from '../../../testing/whatsapp';
import { externalBotJob } from '../../bot/external/job';
import { campaignAudience, campaignRecipients, campaigns } from '../../campaigns/tables';
import { sendMessageJob } from '../../channels';
import { mediaFiles, webchatMessages } from '../../channels/tables';
import { conversations, messages, trackedLinks } from '../../conversations/tables';
import { conversationNotes } from '../../desk/tables';
import { recordAudit } from '../../identity';
import { auditLog } from '../../identity/tables';
import { contactNotes } from '../notes/tables';
import { contactPictures } from '../profile/tables';
import { contactIdentities, contacts, goalCompletions } from '../tables';

const WA = '16505550199';
const PHONE = `+${WA}`;
const EMAIL = 'zephyrine.q@example.test';
const FIRST = 'Zephyrine';
const LAST = 'Quillbottom';
const NEEDLES = [WA, EMAIL, FIRST, LAST];
// Another customer, whose data must survive.
const OTHER_WA = '16505550777';
const OTHER_NAME = 'Bartholomew Control';

let w: SendingWorld;
let dataDir: string;
let contactId: string;
let otherContactId: string;
let sentCampaign: string;
let pendingCampaign: string;
let eraseRequest: string;
let exportRequest: string;
const db = () => w.t.rt.deps.db;

const idOf = async (waId: string) =>
  (
    await db()
      .select({ id: contactIdentities.contactId })
      .from(contactIdentities)
      .where(eq(contactIdentities.key, `wa:${waId}`))
  )[0]!.id;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-erase-'));
  w = await startSendingWorld({ env: { PARLEY_DATA_DIR: dataDir } });
  const { t, fake } = w;

  // WhatsApp: a text naming themselves, an image (downloaded), and another customer.
  await fake.inboundWebhook(
    PHONE_NUMBER_ID,
    { waId: WA, name: `${FIRST} ${LAST}` },
    { type: 'text', body: `Hi, I am ${FIRST}, write to ${EMAIL}` },
  );
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`receipt of ${FIRST} ${LAST}`)]);
  await fake.inboundWebhook(
    PHONE_NUMBER_ID,
    { waId: WA, name: `${FIRST} ${LAST}` },
    { type: 'image', mimeType: 'image/png', bytes: png, caption: 'my receipt' },
  );
  await fake.inboundWebhook(
    PHONE_NUMBER_ID,
    { waId: OTHER_WA, name: OTHER_NAME },
    { type: 'text', body: 'Hello from the control customer' },
  );
  await w.settle();
  await runJobs(t, ['channels.download-media']);
  contactId = await idOf(WA);
  otherContactId = await idOf(OTHER_WA);
  await db().update(contacts).set({ lastName: LAST, email: EMAIL, phone: PHONE }).where(eq(contacts.id, contactId));

  // The website widget: the same person, typing their name; merged into the WhatsApp contact.
  const widget = await createWidget(t, w.cookie);
  const { port } = t.app.server.address() as { port: number };
  const visitor = await widgetHello(`ws://127.0.0.1:${port}`, widget.widgetKey);
  visitor.client.send({ type: 'message', clientId: randomUUID(), text: `It is ${FIRST} again, ${EMAIL}`, name: `${FIRST} ${LAST}` });
  await visitor.client.next((f) => f.type === 'ack');
  await visitor.client.close();
  await w.settle();
  const [webContact] = await db()
    .select({ id: contactIdentities.contactId })
    .from(contactIdentities)
    .where(sql`${contactIdentities.key} like 'web:%'`);
  // The widget conversation is still open and so is the WhatsApp one, on other channels: the merge may go ahead.
  const merged = await w.call('POST', `/contacts/${contactId}/merge`, { otherId: webContact!.id });
  expect(merged.statusCode, merged.body).toBe(200);

  // Profile data: attributes, a note, a picture, a static segment, a goal, a tracked link.
  expect((await w.call('POST', '/attributes', { key: 'nickname', label: 'Nickname', type: 'text' })).statusCode).toBe(201);
  const at = t.clock.now();
  await seedAttributeValues(db(), w.ws, contactId, { nickname: `${FIRST} the brave` }, at);
  await seedAttributeValues(db(), w.ws, otherContactId, { nickname: 'Barty' }, at);
  await db()
    .insert(contactNotes)
    .values({ workspaceId: w.ws, contactId, authorType: 'user', text: `Called ${PHONE}, prefers email`, createdAt: at });
  await db()
    .insert(contactPictures)
    .values({
      workspaceId: w.ws,
      contactId,
      mimeType: 'image/png',
      width: 1,
      height: 1,
      sizeBytes: 9,
      bytes: Buffer.from(`${LAST} face`),
      updatedAt: at,
    });
  const segment = await w.call('POST', '/segments', { kind: 'static', name: 'Loyal customers', contactIds: [contactId, otherContactId] });
  expect(segment.statusCode, segment.body).toBe(201);
  const [conversation] = await db().select().from(conversations).where(eq(conversations.contactId, contactId)).limit(1);
  await db()
    .insert(goalCompletions)
    .values({ workspaceId: w.ws, conversationId: conversation!.id, name: 'purchase', contactId, completedAt: at });
  await db()
    .insert(conversationNotes)
    .values({ workspaceId: w.ws, conversationId: conversation!.id, contactId, text: `${FIRST} was upset about the delay`, createdAt: at });
  const [firstMessage] = await db().select().from(messages).where(eq(messages.contactId, contactId)).limit(1);
  await db()
    .insert(trackedLinks)
    .values({
      workspaceId: w.ws,
      token: 'tok-erase-1',
      messageId: firstMessage!.id,
      contactId,
      url: `https://shop.example/?u=${EMAIL}`,
      createdAt: at,
    });

  // Campaigns: one delivered to them (with their name as a variable), one still pending; a file audience row.
  sentCampaign = await campaignFor(contactId, 'sending');
  await w.dispatch(sentCampaign);
  await w.settle();
  pendingCampaign = await campaignFor(contactId, 'scheduled', new Date(at.getTime() + 86_400_000));
  await db()
    .insert(campaignAudience)
    .values({
      workspaceId: w.ws,
      campaignId: pendingCampaign,
      rowNo: 2,
      phone: `(650) 555-0199`,
      name: `${FIRST} ${LAST}`,
      cells: { Phone: WA, Name: FIRST },
    });

  // Jobs about them still queued: a send of one of their messages, the external bot's call with their words.
  await t.rt.queue.enqueue(undefined, sendMessageJob, { workspaceId: w.ws, messageId: firstMessage!.id });
  await t.rt.queue.ensure(externalBotJob);
  await t.rt.queue.enqueue(undefined, externalBotJob, {
    workspaceId: w.ws,
    conversationId: conversation!.id,
    contactId,
    channelId: w.channelId,
    channelKind: 'whatsapp',
    message: { id: firstMessage!.id, type: 'text', text: `I am ${FIRST} ${LAST}` },
    sentAt: at.toISOString(),
  });
  // An audit entry naming them (a transcript emailed to the customer), and a refused webhook body with their number.
  await recordAudit(db(), t.clock, 'system', w.ws, {
    action: 'conversation.transcript_emailed',
    targetType: 'conversation',
    targetId: conversation!.id,
    details: { to: EMAIL },
  });
  const refused = await postWebhook(
    t,
    envelope('999000111', {
      contacts: [{ profile: { name: FIRST }, wa_id: WA }],
      messages: [{ from: WA, id: 'wamid.REFUSED1', timestamp: '1767000000', type: 'text', text: { body: 'hello?' } }],
    }),
  );
  expect(refused.statusCode).toBe(200);

  // An export was asked for and carried out before the erasure.
  exportRequest = (await w.call('POST', `/contacts/${contactId}/privacy-requests`, { kind: 'export' })).json().id;
  expect((await w.call('POST', `/privacy-requests/${exportRequest}/execute`)).statusCode).toBe(200);
});

afterAll(async () => {
  await w?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function campaignFor(contact: string, status: 'sending' | 'scheduled', scheduledAt?: Date): Promise<string> {
  const now = w.t.clock.now();
  const [c] = await db()
    .insert(campaigns)
    .values({
      workspaceId: w.ws,
      name: `Campaign ${status}`,
      channelId: w.channelId,
      templateId: w.templateId,
      mode: scheduledAt ? 'scheduled' : 'immediate',
      scheduledAt: scheduledAt ?? now,
      status,
      createdAt: now,
      updatedAt: now,
      confirmedAt: now,
    })
    .returning({ id: campaigns.id });
  await db()
    .insert(campaignRecipients)
    .values({
      workspaceId: w.ws,
      campaignId: c!.id,
      contactId: contact,
      phone: PHONE,
      rowNo: 1,
      values: { body: [FIRST, 'A-1'] },
      updatedAt: now,
    });
  return c!.id;
}

describe('erasing a contact', () => {
  it('first finds them everywhere (the scan sees what it must later not see)', async () => {
    const hits = await findInDatabase(db(), NEEDLES);
    const tables = new Set(hits.map((h) => h.split('.').slice(0, 2).join('.')));
    for (const table of [
      'public.contacts',
      'public.messages',
      'public.conversations',
      'public.inbound_events',
      'public.webchat_messages',
      'public.media_files',
      'public.contact_attribute_values',
      'public.contact_notes',
      'public.conversation_notes',
      'public.contact_pictures',
      'public.campaign_recipients',
      'public.campaign_audience',
      'public.tracked_links',
      'public.audit_log',
      'public.webhook_rejects',
      'pgboss.job',
    ]) {
      expect(tables, `${table} should hold them before the erasure`).toContain(table);
    }
  });

  it('is asked by an agent, refused to the agent, and carried out by an admin', async () => {
    const agent = await createStaff(w.t, w.cookie, 'Agent Ada');
    const asked = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/privacy-requests`,
      headers: { cookie: agent.cookie },
      payload: { kind: 'erase' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    eraseRequest = asked.json().id;
    expect(asked.json()).toMatchObject({
      kind: 'erase',
      status: 'pending',
      contactId,
      requestedBy: { type: 'user', id: agent.userId, name: 'Agent Ada' },
    });

    const byAgent = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/privacy-requests/${eraseRequest}/execute`,
      headers: { cookie: agent.cookie },
    });
    expect(byAgent.statusCode).toBe(403);

    const done = await w.call('POST', `/privacy-requests/${eraseRequest}/execute`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', contactName: null, executedBy: { type: 'user' } });
    expect(done.json().outcome).toMatchObject({
      contacts: 1,
      messages: expect.any(Number),
      mediaFiles: 1,
      widgetMessages: expect.any(Number),
    });
    expect(done.json().outcome.jobs).toBeGreaterThanOrEqual(3);
  });

  it('leaves no row, file or job payload holding their phone, email or name', async () => {
    expect(await findInDatabase(db(), NEEDLES)).toEqual([]);
    expect(await findInFiles(dataDir, NEEDLES)).toEqual([]);
    const leftover = await db().execute(sql`select count(*)::int as n from pgboss.job where data::text like ${`%${contactId}%`}`);
    expect((leftover as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  });

  it('keeps the campaigns counts (anonymous) and cancels the send not yet made', async () => {
    const recipients = await db()
      .select({ campaignId: campaignRecipients.campaignId, status: campaignRecipients.status, phone: campaignRecipients.phone })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.workspaceId, w.ws));
    const sent = recipients.filter((r) => r.campaignId === sentCampaign);
    const pending = recipients.filter((r) => r.campaignId === pendingCampaign);
    expect(sent).toHaveLength(1);
    expect(['sent', 'delivered', 'read']).toContain(sent[0]!.status);
    expect(pending).toEqual([{ campaignId: pendingCampaign, status: 'skipped', phone: '' }]);
  });

  it("leaves the other customer's data untouched", async () => {
    const [other] = await db().select().from(contacts).where(eq(contacts.id, otherContactId));
    expect(other?.firstName).toBe(OTHER_NAME);
    expect((await db().select().from(messages).where(eq(messages.contactId, otherContactId))).length).toBeGreaterThan(0);
    expect(await findInDatabase(db(), [OTHER_WA], ['public'])).not.toEqual([]);
    const members = await w.call('GET', `/contacts?limit=10`);
    expect(members.json().items.map((c: { id: string }) => c.id)).toEqual([otherContactId]);
  });

  it('keeps an audit entry of the erasure with counts and no personal data', async () => {
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.ws), eq(auditLog.action, 'contact.erased')));
    expect(entry).toMatchObject({ targetType: 'privacy_request', targetId: eraseRequest, actorType: 'user' });
    expect(JSON.stringify(entry)).not.toMatch(new RegExp(`${WA}|${FIRST}|${LAST}|${EMAIL}`, 'i'));
    const transcript = await db().select().from(auditLog).where(eq(auditLog.action, 'conversation.transcript_emailed'));
    expect(transcript[0]?.details).toEqual({ redacted: 'personal data erased' });
  });

  it('closes the download of the earlier export, and is not carried out twice', async () => {
    const download = await w.call('GET', `/privacy-requests/${exportRequest}/export.zip`);
    expect(download.statusCode).toBe(409);
    expect(download.json().error.message).toMatch(/download window|erased/);
    expect((await w.call('POST', `/privacy-requests/${eraseRequest}/execute`)).statusCode).toBe(409);
    expect((await w.call('POST', `/contacts/${contactId}/privacy-requests`, { kind: 'export' })).statusCode).toBe(404);
  });

  it('stores nothing more for them when media or widget rows are looked up by their old keys', async () => {
    expect(await db().select().from(mediaFiles).where(eq(mediaFiles.workspaceId, w.ws))).toEqual([]);
    expect(await db().select().from(webchatMessages).where(eq(webchatMessages.workspaceId, w.ws))).toEqual([]);
  });
});
