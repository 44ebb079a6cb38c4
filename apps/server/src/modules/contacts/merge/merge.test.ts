import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConversation, seedMessage } from '../../../testing/admin-views';
import { seedAttributeValues, seedContact } from '../../../testing/contacts';
import { createStaff } from '../../../testing/routing';
import { createWidget } from '../../../testing/webchat';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { campaignRecipients, campaigns } from '../../campaigns/tables';
import { contactSessions, conversations, messages } from '../../conversations/tables';
import { conversationNotes } from '../../desk/tables';
import { auditLog } from '../../identity/tables';
import { contactNotes } from '../notes/tables';
import { contactAttributeValues, contactIdentities, contacts, segmentMembers } from '../tables';

let t: TestApp;
let admin: string;
let ws: string;
let channelId: string;
let otherChannelId: string;
const db = () => t.rt.deps.db;
const call = (method: 'GET' | 'POST', url: string, payload?: object, cookie = admin) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await call('GET', '/workspace')).json().id;
  channelId = (await createWidget(t, admin, { name: 'Website' })).id;
  otherChannelId = (await createWidget(t, admin, { name: 'Help centre' })).id;
  for (const def of [
    { key: 'city', label: 'City', type: 'text' },
    { key: 'orders', label: 'Orders', type: 'number' },
    { key: 'plan', label: 'Plan', type: 'text' },
  ]) {
    expect((await call('POST', '/attributes', def)).statusCode).toBe(201);
  }
});
afterAll(() => t?.close());

/** A contact with one conversation (closed unless said), two messages, a session and an identity on `channel`. */
async function person(seed: Parameters<typeof seedContact>[3], opts: { channel?: string; open?: boolean; key?: string } = {}) {
  const at = t.clock.now();
  const channel = opts.channel ?? channelId;
  const { conversationId, contactId } = await seedConversation(
    db(),
    ws,
    at,
    { state: opts.open ? 'bot' : 'closed', channelId: channel, ...(opts.open ? {} : { closedAt: at }) },
    {},
  );
  await db().update(contacts).set(seed).where(eq(contacts.id, contactId));
  for (const direction of ['in', 'out'] as const) {
    await seedMessage(
      db(),
      ws,
      { conversationId, contactId },
      { direction, senderType: direction === 'in' ? 'customer' : 'bot', createdAt: at, channelId: channel },
    );
  }
  await db()
    .insert(contactSessions)
    .values({ workspaceId: ws, contactId, channelId: channel, startedAt: at, endedAt: at, messageCount: 2 });
  await db()
    .insert(contactIdentities)
    .values({ workspaceId: ws, channelId: channel, key: opts.key ?? `web:${randomUUID()}`, contactId, createdAt: at });
  return { contactId, conversationId };
}

async function campaignWith(recipients: Array<{ contactId: string; phone: string }>) {
  const now = t.clock.now();
  const [c] = await db()
    .insert(campaigns)
    .values({ workspaceId: ws, name: `Promo ${randomUUID().slice(0, 4)}`, status: 'done', createdAt: now, updatedAt: now })
    .returning({ id: campaigns.id });
  await db()
    .insert(campaignRecipients)
    .values(
      recipients.map((r, i) => ({
        workspaceId: ws,
        campaignId: c!.id,
        rowNo: i + 1,
        values: { body: [] },
        status: 'read' as const,
        updatedAt: now,
        ...r,
      })),
    );
  return c!.id;
}

describe('merging two contacts', () => {
  it('moves identities, conversations, messages, sessions, notes, tags, attributes, segments and statistics to the survivor', async () => {
    const ana = await person({
      firstName: 'Ana',
      phone: '+5511999990001',
      tags: ['vip'],
      messagesFromCustomer: 3,
      sessionsCount: 1,
      sentimentSum: 1,
      sentimentCount: 1,
    });
    const dup = await person(
      {
        firstName: 'Ana Maria',
        lastName: 'Souza',
        email: 'ana@example.test',
        tags: ['vip', 'lead'],
        messagesFromCustomer: 2,
        sessionsCount: 2,
        sentimentSum: -3,
        sentimentCount: 3,
        liveChatTakeover: true,
        optedOutMarketing: true,
      },
      { channel: otherChannelId },
    );
    const at = t.clock.now();
    await seedAttributeValues(db(), ws, ana.contactId, { city: 'Rome', orders: 3 }, at);
    await seedAttributeValues(db(), ws, dup.contactId, { city: 'Milan', orders: 5, plan: 'gold' }, at);
    await db()
      .insert(contactNotes)
      .values({ workspaceId: ws, contactId: dup.contactId, authorType: 'user', text: 'Prefers mornings', createdAt: at });
    await db()
      .insert(conversationNotes)
      .values({ workspaceId: ws, conversationId: dup.conversationId, contactId: dup.contactId, text: 'Asked twice', createdAt: at });
    const segment = await call('POST', '/segments', { kind: 'static', name: 'Merge test', contactIds: [dup.contactId] });
    expect(segment.statusCode, segment.body).toBe(201);
    const shared = await campaignWith([
      { contactId: ana.contactId, phone: '+5511999990001' },
      { contactId: dup.contactId, phone: '+5511999990002' },
    ]);
    const own = await campaignWith([{ contactId: dup.contactId, phone: '+5511999990002' }]);

    const res = await call('POST', `/contacts/${ana.contactId}/merge`, {
      otherId: dup.contactId,
      winners: { fields: { lastName: 'other', firstName: 'this' }, attributes: { city: 'other' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    // Fields: chosen winners, gaps filled from the other (email), tags united.
    expect(view).toMatchObject({
      id: ana.contactId,
      firstName: 'Ana',
      lastName: 'Souza',
      email: 'ana@example.test',
      phone: '+5511999990001',
    });
    expect(view.tags.sort()).toEqual(['lead', 'vip']);
    expect(view.stats).toMatchObject({ messagesFromCustomer: 5, sessions: 3, liveChatTakeover: true, averageSentiment: -0.5 });
    // The other is gone; everything it had now belongs to the survivor.
    expect((await call('GET', `/contacts/${dup.contactId}`)).statusCode).toBe(404);
    const of = (id: string) => ({
      identities: db().select().from(contactIdentities).where(eq(contactIdentities.contactId, id)),
      conversations: db().select().from(conversations).where(eq(conversations.contactId, id)),
      messages: db().select().from(messages).where(eq(messages.contactId, id)),
      sessions: db().select().from(contactSessions).where(eq(contactSessions.contactId, id)),
      notes: db().select().from(contactNotes).where(eq(contactNotes.contactId, id)),
      conversationNotes: db().select().from(conversationNotes).where(eq(conversationNotes.contactId, id)),
      segments: db().select().from(segmentMembers).where(eq(segmentMembers.contactId, id)),
    });
    const survivor = of(ana.contactId);
    expect((await survivor.identities).length).toBe(2);
    expect((await survivor.conversations).map((c) => c.id).sort()).toEqual([ana.conversationId, dup.conversationId].sort());
    expect((await survivor.messages).length).toBe(4);
    expect((await survivor.sessions).length).toBe(2);
    expect((await survivor.notes).map((n) => n.text)).toEqual(['Prefers mornings']);
    expect((await survivor.conversationNotes).map((n) => n.text)).toEqual(['Asked twice']);
    expect((await survivor.segments).length).toBe(1);
    const gone = of(dup.contactId);
    for (const rows of Object.values(gone)) expect(await rows).toEqual([]);
    // Attributes: the chosen winner where both had one, this one's by default, the other's where only it had one.
    const values = await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.contactId, ana.contactId));
    expect(Object.fromEntries(values.map((v) => [v.key, v.valueText ?? v.valueNumber]))).toEqual({
      city: 'Milan',
      orders: 3,
      plan: 'gold',
    });
    // An opt-out is never undone by a merge.
    const [row] = await db().select().from(contacts).where(eq(contacts.id, ana.contactId));
    expect(row?.optedOutMarketing).toBe(true);
    // Campaigns: the other's own campaign moves; on a campaign both received, the survivor's row stays (counts too).
    const recipients = await db().select().from(campaignRecipients).where(eq(campaignRecipients.workspaceId, ws));
    expect(recipients.filter((r) => r.campaignId === own).map((r) => r.contactId)).toEqual([ana.contactId]);
    expect(recipients.filter((r) => r.campaignId === shared)).toHaveLength(2);
    // Audited, with the winning sides and no values.
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contact.merged'), eq(auditLog.targetId, ana.contactId)));
    expect(entry?.details).toMatchObject({ mergedContactId: dup.contactId, attributesFromOther: ['city'] });
    expect(entry?.details.fieldsFromOther).toEqual(expect.arrayContaining(['lastName', 'email']));
    expect(JSON.stringify(entry)).not.toContain('Souza');
  });

  it('is refused when both have an open conversation on the same channel, and nothing changes', async () => {
    const a = await person({ firstName: 'Bea' }, { open: true });
    const b = await person({ firstName: 'Beatriz' }, { open: true });
    const res = await call('POST', `/contacts/${a.contactId}/merge`, { otherId: b.contactId });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/open conversation on "Website"/);
    expect((await call('GET', `/contacts/${b.contactId}`)).statusCode).toBe(200);
    expect((await db().select().from(messages).where(eq(messages.contactId, b.contactId))).length).toBe(2);
  });

  it('goes ahead when their open conversations are on different channels', async () => {
    const a = await person({ firstName: 'Caio' }, { open: true });
    const b = await person({ firstName: 'Caio S.' }, { open: true, channel: otherChannelId });
    expect((await call('POST', `/contacts/${a.contactId}/merge`, { otherId: b.contactId })).statusCode).toBe(200);
    const open = await db()
      .select()
      .from(conversations)
      .where(and(eq(conversations.contactId, a.contactId), sql`${conversations.state} <> 'closed'`));
    expect(open.map((c) => c.channelId).sort()).toEqual([channelId, otherChannelId].sort());
  });

  it('refuses the same contact, another workspace, unknown attributes and fields with a clear 4xx', async () => {
    const a = await person({ firstName: 'Dora' });
    const same = await call('POST', `/contacts/${a.contactId}/merge`, { otherId: a.contactId });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.issues).toEqual([{ field: 'otherId', message: 'must be another contact than the one merged into' }]);

    const elsewhere = await seedContact(db(), randomUUID(), t.clock.now(), { firstName: 'Stranger' });
    const cross = await call('POST', `/contacts/${a.contactId}/merge`, { otherId: elsewhere });
    expect(cross.statusCode).toBe(404);
    expect((await call('POST', `/contacts/${elsewhere}/merge`, { otherId: a.contactId })).statusCode).toBe(404);

    const b = await person({ firstName: 'Dorothy' });
    const attr = await call('POST', `/contacts/${a.contactId}/merge`, {
      otherId: b.contactId,
      winners: { attributes: { shoe_size: 'other' } },
    });
    expect(attr.statusCode).toBe(400);
    expect(attr.json().error.issues[0].field).toBe('winners.attributes.shoe_size');
    const field = await call('POST', `/contacts/${a.contactId}/merge`, {
      otherId: b.contactId,
      winners: { fields: { password: 'other' } },
    });
    expect(field.statusCode).toBe(400);
    expect(field.json().error.message).toMatch(/winners\.fields/);
    const notUuid = await call('POST', `/contacts/${a.contactId}/merge`, { otherId: 'nope' });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().error.issues[0].field).toBe('otherId');
    // Nothing was merged by the refusals.
    expect((await call('GET', `/contacts/${b.contactId}`)).statusCode).toBe(200);
  });

  it('run twice at once in opposite directions: one merge wins, the other finds a contact gone (404)', async () => {
    const a = await person({ firstName: 'Fabio' });
    const b = await person({ firstName: 'Fabio R.' });
    const results = await Promise.all([
      call('POST', `/contacts/${a.contactId}/merge`, { otherId: b.contactId }),
      call('POST', `/contacts/${b.contactId}/merge`, { otherId: a.contactId }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    const left = await db()
      .select({ id: contacts.id })
      .from(contacts)
      .where(sql`${contacts.id} in (${a.contactId}, ${b.contactId})`);
    expect(left).toHaveLength(1);
    expect((await db().select().from(messages).where(eq(messages.contactId, left[0]!.id))).length).toBe(4);
  });

  it('is for admins and supervisors (403 for agents), and waits for a pending erasure request', async () => {
    const a = await person({ firstName: 'Eva' });
    const b = await person({ firstName: 'Eve' });
    const agent = await createStaff(t, admin, 'Agent Eli');
    expect((await call('POST', `/contacts/${a.contactId}/merge`, { otherId: b.contactId }, agent.cookie)).statusCode).toBe(403);
    expect((await call('POST', `/contacts/${b.contactId}/privacy-requests`, { kind: 'erase' }, agent.cookie)).statusCode).toBe(201);
    const refused = await call('POST', `/contacts/${a.contactId}/merge`, { otherId: b.contactId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/pending erasure request/);
    const supervisor = await createStaff(t, admin, 'Supervisor Sol', 'supervisor');
    const c = await person({ firstName: 'Evelyn' });
    expect((await call('POST', `/contacts/${a.contactId}/merge`, { otherId: c.contactId }, supervisor.cookie)).statusCode).toBe(200);
  });
});
