// GDPR requests: who may ask, execute, cancel and download, and what the export archive holds.
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, seedConversation, seedMessage } from '../../../testing/admin-views';
import { seedAttributeValues } from '../../../testing/contacts';
import { readZip } from '../../../testing/privacy';
import { createStaff, type Staff } from '../../../testing/routing';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { campaignRecipients, campaigns } from '../../campaigns/tables';
import { mediaFiles } from '../../channels/tables';
import { auditLog } from '../../identity/tables';
import { contactNotes } from '../notes/tables';
import { contacts } from '../tables';

let t: TestApp;
let admin: string;
let ws: string;
let agent: Staff;
let otherAgent: Staff;
let contactId: string;
let imageMessageId: string;
const db = () => t.rt.deps.db;
const call = (method: 'GET' | 'POST', url: string, cookie = admin, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

const DAY = 86_400_000;
const IMAGE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('pixels')]);

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await call('GET', '/workspace')).json().id;
  agent = await createStaff(t, admin, 'Agent Ana');
  otherAgent = await createStaff(t, admin, 'Agent Bruno');
  expect((await call('POST', '/attributes', admin, { key: 'city', label: 'City', type: 'text' })).statusCode).toBe(201);
  const at = t.clock.now();
  const seeded = await seedConversation(db(), ws, at, { state: 'closed', closedAt: at }, { firstName: 'Carla', phone: '+5511988887777' });
  contactId = seeded.contactId;
  await db()
    .update(contacts)
    .set({ email: 'carla@example.test', tags: ['vip'] })
    .where(eq(contacts.id, contactId));
  await seedMessage(db(), ws, seeded, { direction: 'in', senderType: 'customer', createdAt: at, text: 'Where is my order?' });
  // A customer's text that looks like a formula: the .xlsx must hold it as text.
  await seedMessage(db(), ws, seeded, {
    direction: 'in',
    senderType: 'customer',
    createdAt: new Date(at.getTime() + 1000),
    text: '=HYPERLINK("http://x","y")',
  });
  imageMessageId = await seedMessage(db(), ws, seeded, {
    direction: 'in',
    senderType: 'customer',
    createdAt: new Date(at.getTime() + 2000),
    type: 'image',
    content: { type: 'image', mediaId: 'media-1' },
  });
  await db().insert(mediaFiles).values({
    workspaceId: ws,
    channelId: CHANNEL,
    providerMediaId: 'media-1',
    mimeType: 'image/png',
    sizeBytes: IMAGE.length,
    bytes: IMAGE,
    downloadedAt: at,
  });
  await seedAttributeValues(db(), ws, contactId, { city: 'Curitiba' }, at);
  await db().insert(contactNotes).values({ workspaceId: ws, contactId, authorType: 'user', text: 'Asked for her data', createdAt: at });
  const [campaign] = await db()
    .insert(campaigns)
    .values({ workspaceId: ws, name: 'Black Friday', status: 'done', createdAt: at, updatedAt: at })
    .returning({ id: campaigns.id });
  await db()
    .insert(campaignRecipients)
    .values({
      workspaceId: ws,
      campaignId: campaign!.id,
      contactId,
      phone: '+5511988887777',
      rowNo: 1,
      values: { body: ['Carla'] },
      status: 'read',
      sentAt: at,
      updatedAt: at,
    });
});
afterAll(() => t?.close());

describe('GDPR requests', () => {
  let exportId: string;

  it('are asked by any staff member, once per kind while pending', async () => {
    const first = await call('POST', `/contacts/${contactId}/privacy-requests`, agent.cookie, { kind: 'export' });
    expect(first.statusCode, first.body).toBe(201);
    exportId = first.json().id;
    expect(first.json()).toMatchObject({ kind: 'export', status: 'pending', contactName: 'Carla', executedAt: null, downloadUntil: null });
    const again = await call('POST', `/contacts/${contactId}/privacy-requests`, agent.cookie, { kind: 'export' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(exportId);
  });

  it('refuse bad input and other workspaces with a clear 4xx', async () => {
    const kind = await call('POST', `/contacts/${contactId}/privacy-requests`, agent.cookie, { kind: 'forget' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.issues[0].field).toBe('kind');
    expect((await call('POST', `/contacts/${randomUUID()}/privacy-requests`, agent.cookie, { kind: 'erase' })).statusCode).toBe(404);
    expect((await call('POST', `/privacy-requests/${randomUUID()}/execute`)).statusCode).toBe(404);
    const bad = await call('GET', '/privacy-requests?status=done');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('query.status');
  });

  it('are listed: all of them for admins, their own for others', async () => {
    const mine = await call('POST', `/contacts/${contactId}/privacy-requests`, otherAgent.cookie, { kind: 'erase' });
    expect(mine.statusCode).toBe(201);
    const all = await call('GET', '/privacy-requests');
    expect(
      all
        .json()
        .items.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([exportId, mine.json().id].sort());
    const own = await call('GET', '/privacy-requests', agent.cookie);
    expect(own.json().items.map((r: { id: string }) => r.id)).toEqual([exportId]);
    const pendingOfContact = await call('GET', `/privacy-requests?status=pending&contactId=${contactId}`);
    expect(pendingOfContact.json().items).toHaveLength(2);

    // Cancelled by the one who asked, or an admin; not by another agent.
    expect((await call('POST', `/privacy-requests/${mine.json().id}/cancel`, agent.cookie)).statusCode).toBe(403);
    const cancelled = await call('POST', `/privacy-requests/${mine.json().id}/cancel`, otherAgent.cookie);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', closedReason: 'cancelled' });
    expect((await call('POST', `/privacy-requests/${mine.json().id}/execute`)).statusCode).toBe(409);
  });

  it('are executed and downloaded by admins only (403 otherwise), and not before execution', async () => {
    expect((await call('POST', `/privacy-requests/${exportId}/execute`, agent.cookie)).statusCode).toBe(403);
    expect((await call('GET', `/privacy-requests/${exportId}/export.zip`, agent.cookie)).statusCode).toBe(403);
    const early = await call('GET', `/privacy-requests/${exportId}/export.zip`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/must execute/);
    const done = await call('POST', `/privacy-requests/${exportId}/execute`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', executedBy: { type: 'user', name: expect.any(String) } });
    expect(new Date(done.json().downloadUntil).getTime()).toBe(t.clock.now().getTime() + 7 * DAY);
  });

  it('export everything about the contact as a ZIP of JSON and .xlsx files, with the media', async () => {
    const res = await call('GET', `/privacy-requests/${exportId}/export.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`contact-${contactId}`);
    const files = readZip(res.rawPayload);
    for (const name of [
      'profile',
      'attributes',
      'channel-identities',
      'notes',
      'conversations',
      'messages',
      'sessions',
      'campaigns',
      'bot-memory',
    ]) {
      expect(files.has(`${name}.json`), name).toBe(true);
      expect(files.has(`${name}.xlsx`), name).toBe(true);
    }
    expect(files.get(`media/${imageMessageId}.png`)).toEqual(IMAGE);
    expect(files.get('README.txt')!.toString()).toContain('messages.json');

    const json = (name: string) => JSON.parse(files.get(`${name}.json`)!.toString()) as Array<Record<string, unknown>>;
    expect(json('profile')).toEqual(
      expect.arrayContaining([
        { field: 'Email', value: 'carla@example.test' },
        { field: 'Tags', value: '["vip"]' },
      ]),
    );
    expect(json('attributes')).toMatchObject([{ key: 'city', label: 'City', value: 'Curitiba' }]);
    expect(json('notes')).toMatchObject([{ text: 'Asked for her data' }]);
    expect(json('campaigns')).toMatchObject([{ campaign: 'Black Friday', status: 'read', values: { body: ['Carla'] } }]);
    const msgs = json('messages');
    expect(msgs.map((m) => m.text)).toEqual(['Where is my order?', '=HYPERLINK("http://x","y")', null]);
    expect(msgs[2]!.content).toEqual({ type: 'image', mediaId: 'media-1' });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(files.get('messages.xlsx')! as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(7).value).toBe('Text');
    expect(sheet.getRow(2).getCell(7).value).toBe('Where is my order?');
    // Neutralised: text, never a formula.
    expect(sheet.getRow(3).getCell(7).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(sheet.getRow(3).getCell(7).formula).toBeUndefined();

    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contact.privacy_export_downloaded'), eq(auditLog.targetId, exportId)));
    expect(audit).toHaveLength(1);
  });

  it('can be downloaded for 7 days after execution, not after', async () => {
    t.clock.advance(7 * DAY - 60_000);
    // A week is past any session's idle timeout: sign in again.
    admin = await t.login();
    expect((await call('GET', `/privacy-requests/${exportId}/export.zip`)).statusCode).toBe(200);
    t.clock.advance(120_000);
    const late = await call('GET', `/privacy-requests/${exportId}/export.zip`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toMatch(/download window/);
  });
});
