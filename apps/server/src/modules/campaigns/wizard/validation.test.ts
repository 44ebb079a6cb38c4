import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAttributeValues, seedContact } from '../../../testing/contacts';
import { contactsTable } from '../../contacts';
import { contactIdentities } from '../../contacts/tables';
import { conversationsTable, messagesTable } from '../../conversations';
import { campaignRecipients, campaigns, campaignSenders } from '../tables';
import { readXlsx, startWorld, xlsx, type World } from '../../../testing/campaign-wizard';

let w: World;
const ids: Record<string, string> = {};
const db = () => w.t.rt.deps.db;

beforeAll(async () => {
  w = await startWorld();
  w.t.clock.set('2026-04-10T12:00:00Z');
  const at = w.t.clock.now();
  ids.ana = await seedContact(db(), w.ws, at, { firstName: 'Ana', phone: '+5511987660001' });
  ids.out = await seedContact(db(), w.ws, at, { firstName: 'Otto', phone: '+5511987660002', optedOutMarketing: true });
  ids.archived = await seedContact(db(), w.ws, at, { firstName: 'Arq', phone: '+5511987660003', status: 'archived' });
  ids.talking = await seedContact(db(), w.ws, at, { firstName: 'Tina', phone: '+5511987660004' });
  ids.recent = await seedContact(db(), w.ws, at, { firstName: 'Rita', phone: '+5511987660005' });
  ids.nophone = await seedContact(db(), w.ws, at, { firstName: 'Nina' });
  const conversationId = randomUUID();
  await db().insert(conversationsTable).values({
    workspaceId: w.ws,
    id: conversationId,
    contactId: ids.talking,
    channelId: w.channelId,
    state: 'assigned',
    openedAt: at,
    lastMessageAt: at,
    updatedAt: at,
  });
  // Rita got a template from this number two hours ago: she does not take a new place in the daily limit.
  const recentConversation = randomUUID();
  await db().insert(conversationsTable).values({
    workspaceId: w.ws,
    id: recentConversation,
    contactId: ids.recent,
    channelId: w.channelId,
    state: 'closed',
    openedAt: at,
    lastMessageAt: at,
    updatedAt: at,
  });
  await db()
    .insert(messagesTable)
    .values({
      workspaceId: w.ws,
      conversationId: recentConversation,
      contactId: ids.recent,
      channelId: w.channelId,
      direction: 'out',
      senderType: 'api',
      type: 'template',
      content: {},
      isTemplate: true,
      status: 'delivered',
      createdAt: new Date(at.getTime() - 2 * 3_600_000),
    });
  await db().insert(campaignSenders).values({ channelId: w.channelId, workspaceId: w.ws, dailyLimit: 4, updatedAt: at });
});
afterAll(() => w?.close());

const LONG = 'x'.repeat(1100);
const AUDIENCE = [
  'phone,name,code',
  '+5511987660001,Ana,X1', // 1 message
  '12345,Bad,X2', // 2 invalid number
  '+551134567890,Land,X3', // 3 landline
  '5.51198766E+12,Sci,X4', // 4 scientific notation
  '+55 11 98766-0001,Again,X5', // 5 duplicate of row 1
  '+5511987660002,Otto,X6', // 6 opted out (marketing template)
  '+5511987660003,Arq,X7', // 7 archived
  '+5511987660004,Tina,X8', // 8 active conversation
  '+5511987660010,Gap,', // 9 variable missing
  `+5511987660011,Long,${LONG}`, // 10 too long
  '+5511987660012,Tab,a\tb', // 11 tab
  '+5511987660013,Spaces,a     b', // 12 five spaces
  '+5511987660017,Newline,"two\nlines"', // 13 newline
  '(11) 98766-0014,Local,X14', // 14 message (the default country)
  '+5511987660005,Rita,X15', // 15 message, already messaged today: takes no place
  '+5511987660015,Third,X16', // 16 message (the third and last place of 4 − 1)
  '+5511987660016,Over,X17', // 17 over the daily limit
].join('\n');

const EXPECTED: Record<number, string> = {
  2: 'invalid_number',
  3: 'not_mobile',
  4: 'scientific_notation',
  5: 'duplicate',
  6: 'opted_out',
  7: 'archived',
  8: 'active_conversation',
  9: 'variable_missing',
  10: 'variable_too_long',
  11: 'variable_format',
  12: 'variable_format',
  13: 'variable_format',
  17: 'over_daily_limit',
};

async function fileCampaign(name: string): Promise<string> {
  const id = await w.draft(name);
  const up = await w.upload(id, AUDIENCE);
  expect(up.statusCode, up.body).toBe(200);
  const patch = await w.call('PATCH', `/campaigns/${id}`, {
    variables: {
      body: [
        { kind: 'field', field: 'firstName' },
        { kind: 'column', column: 'code' },
      ],
    },
  });
  expect(patch.statusCode, patch.body).toBe(200);
  return id;
}

describe('validation', () => {
  let id: string;

  it('sorts the audience into Messages and Rejected, each rejection with its code and reason', async () => {
    id = await fileCampaign('Validated');
    const res = await w.call('POST', `/campaigns/${id}/validate?pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    const { messages, rejected, reasons } = res.json();
    expect(messages.items.map((m: { rowNo: number }) => m.rowNo)).toEqual([1, 14, 15, 16]);
    expect(messages.total).toBe(4);
    expect(Object.fromEntries(rejected.items.map((r: { rowNo: number; reason: { code: string } }) => [r.rowNo, r.reason.code]))).toEqual(
      EXPECTED,
    );
    expect(reasons).toMatchObject({ variable_format: 3, duplicate: 1, over_daily_limit: 1 });
    const byRow = (n: number) => rejected.items.find((r: { rowNo: number }) => r.rowNo === n);
    expect(byRow(5).reason.text).toBe('Already in the audience at row 1');
    expect(byRow(9).reason.text).toMatch(/\{\{2\}\} has no value/);
    expect(byRow(4).reason.text).toMatch(/scientific notation/);
    expect(byRow(17).reason.text).toMatch(/daily limit of 4/);
    expect(messages.items[0]).toMatchObject({ rowNo: 1, e164: '+5511987660001', contactId: ids.ana, text: 'Hi Ana, your code is X1.' });
    expect(messages.items[1]).toMatchObject({ rowNo: 14, e164: '+5511987660014', contactId: null, text: 'Hi Local, your code is X14.' });
    const d = (await w.call('GET', `/campaigns/${id}/draft`)).json();
    expect(d.validation).toMatchObject({ messages: 4, rejected: 13 });
  });

  it('pages the lists and downloads both as Excel', async () => {
    const page = await w.call('GET', `/campaigns/${id}/validation/rejected?page=2&pageSize=10`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ total: 13, page: 2, pageSize: 10 });
    expect(page.json().items.map((r: { rowNo: number }) => r.rowNo)).toEqual([12, 13, 17]);
    const rejected = await readXlsx((await w.call('GET', `/campaigns/${id}/validation/rejected.xlsx`)).rawPayload);
    expect(rejected.headers).toEqual(['Row', 'Phone', 'Name', 'Reason', 'Reason code']);
    expect(rejected.rows).toHaveLength(13);
    expect(rejected.rows[0]).toMatchObject({ Row: 2, Phone: '12345', 'Reason code': 'invalid_number' });
    const messages = await readXlsx((await w.call('GET', `/campaigns/${id}/validation/messages.xlsx`)).rawPayload);
    expect(messages.rows.map((r) => r.Message)).toEqual([
      'Hi Ana, your code is X1.',
      'Hi Local, your code is X14.',
      'Hi Rita, your code is X15.',
      'Hi Third, your code is X16.',
    ]);
  });

  it('is dropped by any change, and the toggle lets customers in an active conversation in', async () => {
    expect((await w.call('PATCH', `/campaigns/${id}`, { includeActive: true })).statusCode).toBe(200);
    expect((await w.call('GET', `/campaigns/${id}/validation/messages`)).statusCode).toBe(409);
    const res = (await w.call('POST', `/campaigns/${id}/validate?pageSize=100`)).json();
    expect(res.messages.items.map((m: { rowNo: number }) => m.rowNo)).toEqual([1, 8, 14, 15]);
    // Tina took the third place: row 16 is now over the limit too.
    expect(
      res.rejected.items
        .filter((r: { reason: { code: string } }) => r.reason.code === 'over_daily_limit')
        .map((r: { rowNo: number }) => r.rowNo),
    ).toEqual([16, 17]);
  });

  it('lets opted-out customers receive a utility template, and rejects a picked customer without a phone', async () => {
    const d = await w.call('POST', '/campaigns', { name: 'Parcels', channelId: w.channelId, templateId: w.templates.utility });
    const cid = d.json().id;
    expect((await w.call('PUT', `/campaigns/${cid}/audience/customers`, { contactIds: [ids.out, ids.nophone] })).statusCode).toBe(200);
    expect((await w.call('PATCH', `/campaigns/${cid}`, { variables: { body: [{ kind: 'fixed', text: 'AB1' }] } })).statusCode).toBe(200);
    const res = (await w.call('POST', `/campaigns/${cid}/validate`)).json();
    expect(res.messages.items.map((m: { contactId: string }) => m.contactId)).toEqual([ids.out]);
    expect(res.rejected.items[0]).toMatchObject({
      contactId: ids.nophone,
      reason: { code: 'invalid_number', text: 'The customer has no phone number' },
    });
  });

  it("fills variables from a contact's attribute, and rejects a customer without that value", async () => {
    expect((await w.call('POST', '/attributes', { key: 'city', label: 'City', type: 'text' })).statusCode).toBe(201);
    await seedAttributeValues(db(), w.ws, ids.ana!, { city: 'Rome' }, w.t.clock.now());
    const d = await w.call('POST', '/campaigns', { name: 'Cities', channelId: w.channelId, templateId: w.templates.utility });
    const cid = d.json().id;
    expect((await w.call('PUT', `/campaigns/${cid}/audience/customers`, { contactIds: [ids.ana, ids.recent] })).statusCode).toBe(200);
    expect((await w.call('PATCH', `/campaigns/${cid}`, { variables: { body: [{ kind: 'attribute', key: 'city' }] } })).statusCode).toBe(
      200,
    );
    const res = (await w.call('POST', `/campaigns/${cid}/validate`)).json();
    expect(res.messages.items).toMatchObject([{ contactId: ids.ana, text: 'Your parcel Rome is on its way.' }]);
    expect(res.rejected.items).toMatchObject([{ contactId: ids.recent, reason: { code: 'variable_missing' } }]);
  });

  it('rejects an Excel number cell shown in scientific notation', async () => {
    const cid = await w.draft('Sci');
    const file = await xlsx([{ header: 'phone', type: 'number' }, { header: 'code' }], [[5511987660021, 'A']]);
    expect((await w.upload(cid, file)).statusCode).toBe(200);
    await w.call('PATCH', `/campaigns/${cid}`, {
      variables: {
        body: [
          { kind: 'fixed', text: 'You' },
          { kind: 'column', column: 'code' },
        ],
      },
    });
    const res = (await w.call('POST', `/campaigns/${cid}/validate`)).json();
    expect(res.rejected.items[0].reason.code).toBe('scientific_notation');
  });
});

describe('confirm', () => {
  it('creates contacts for new numbers, one pending recipient per Message with its values, and schedules it now', async () => {
    const id = await fileCampaign('Confirmed');
    const res = await w.call('POST', `/campaigns/${id}/confirm`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'scheduled', scheduledAt: '2026-04-10T12:00:00.000Z', recipients: 4, contactsCreated: 2 });
    const recipients = await db()
      .select()
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.workspaceId, w.ws), eq(campaignRecipients.campaignId, id)))
      .orderBy(campaignRecipients.rowNo);
    expect(recipients.map((r) => [r.rowNo, r.phone, r.status, r.values.body])).toEqual([
      [1, '+5511987660001', 'pending', ['Ana', 'X1']],
      [14, '+5511987660014', 'pending', ['Local', 'X14']],
      [15, '+5511987660005', 'pending', ['Rita', 'X15']],
      [16, '+5511987660015', 'pending', ['Third', 'X16']],
    ]);
    expect(recipients[0]!.contactId).toBe(ids.ana);
    const [made] = await db()
      .select()
      .from(contactsTable)
      .where(and(eq(contactsTable.workspaceId, w.ws), eq(contactsTable.id, recipients[1]!.contactId)));
    expect(made).toMatchObject({ phone: '+5511987660014', firstName: 'Local', source: 'api' });
    // The new number is reachable on the channel: a reply lands on the same contact.
    const keys = await db()
      .select({ key: contactIdentities.key, contactId: contactIdentities.contactId })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.workspaceId, w.ws), eq(contactIdentities.channelId, w.channelId)));
    expect(keys).toContainEqual({ key: 'wa:5511987660014', contactId: recipients[1]!.contactId });
    expect(keys).toContainEqual({ key: 'wa:5511987660001', contactId: ids.ana });
    expect((await w.call('POST', `/campaigns/${id}/confirm`)).statusCode).toBe(409);
    expect((await w.call('PATCH', `/campaigns/${id}`, { name: 'late' })).statusCode).toBe(409);
  });

  it('keeps the scheduled time, and refuses one that has passed meanwhile (fake clock)', async () => {
    const id = await fileCampaign('Later');
    expect(
      (await w.call('PATCH', `/campaigns/${id}`, { mode: 'scheduled', scheduledAt: '2026-04-10T15:00', timezone: 'UTC' })).statusCode,
    ).toBe(200);
    w.t.clock.set('2026-04-10T15:01:00Z');
    const late = await w.call('POST', `/campaigns/${id}/confirm`);
    expect(late.statusCode).toBe(400);
    expect(late.json().error.issues[0].field).toBe('scheduledAt');
    expect((await w.call('GET', `/campaigns/${id}/draft`)).json().status).toBe('draft');
    expect((await w.call('PATCH', `/campaigns/${id}`, { scheduledAt: '2026-04-11T09:00', timezone: 'UTC' })).statusCode).toBe(200);
    const ok = await w.call('POST', `/campaigns/${id}/confirm`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'scheduled', scheduledAt: '2026-04-11T09:00:00.000Z' });
    w.t.clock.set('2026-04-10T12:00:00Z');
  });

  it('refuses a campaign with no Messages, changing nothing', async () => {
    const id = await w.draft('Nobody');
    expect((await w.upload(id, 'phone\n12345\n')).statusCode).toBe(200);
    const res = await w.call('POST', `/campaigns/${id}/confirm`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].field).toBe('audience');
    expect((await w.call('GET', `/campaigns/${id}/draft`)).json()).toMatchObject({ status: 'draft', validation: null });
    const none = await db().select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, id));
    expect(none).toHaveLength(0);
  });
});

describe('retarget', () => {
  it('makes a new draft of the failed recipients of a finished campaign, with the same template and values', async () => {
    const id = await fileCampaign('Finished');
    expect((await w.call('POST', `/campaigns/${id}/confirm`)).statusCode).toBe(200);
    expect((await w.call('POST', `/campaigns/${id}/retarget`)).statusCode).toBe(409);
    await db().update(campaigns).set({ status: 'done_with_failures' }).where(eq(campaigns.id, id));
    await db()
      .update(campaignRecipients)
      .set({ status: 'failed', errorCode: 131026, reason: 'Message undeliverable' })
      .where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.rowNo, 14)));
    const res = await w.call('POST', `/campaigns/${id}/retarget`);
    expect(res.statusCode, res.body).toBe(201);
    const copy = res.json().id;
    expect(res.json().rows).toBe(1);
    const d = (await w.call('GET', `/campaigns/${copy}/draft`)).json();
    expect(d).toMatchObject({
      status: 'draft',
      retargetOf: id,
      templateId: w.templates.promo,
      name: 'Finished (retarget)',
      audience: { rows: 1 },
    });
    const v = (await w.call('POST', `/campaigns/${copy}/validate`)).json();
    expect(v.messages.items).toMatchObject([{ rowNo: 1, e164: '+5511987660014', text: 'Hi Local, your code is X14.' }]);
  });
});
