// Test-only (the agent desk): the campaign-sending world — a listening Parley, its WhatsApp number on the fake Graph
// API whose status webhooks come back, an approved template, a fake clock — plus customers who write in, agents,
// and the jobs that carry what the desk sends.
import { and, eq, sql } from 'drizzle-orm';
import { contacts } from '../modules/contacts/tables';
import { conversations, messages } from '../modules/conversations/tables';
import { startSendingWorld, type SendingWorld } from './campaign-sending';
import { createStaff, runJobs, type Staff } from './routing';
import { PHONE_NUMBER_ID } from './whatsapp';

export interface DeskWorld extends SendingWorld {
  /** A customer writes to the number (a signed webhook from the fake), and the event is processed. */
  customerWrites(c: { waId: string; name: string }, text: string): Promise<{ contactId: string; conversationId: string }>;
  /** Run the send jobs queued so far (messages and templates), then apply the status webhooks they caused. */
  deliver(): Promise<void>;
  agent(name: string, role?: 'agent' | 'supervisor' | 'admin'): Promise<Staff>;
  /** What the desk must never change when it writes a note: the thread, the contact's counters, the conversation. */
  footprint(conversationId: string): Promise<unknown>;
  /** Jobs of a kind waiting to run. */
  queued(name: string): Promise<number>;
}

export async function startDeskWorld(): Promise<DeskWorld> {
  const w = await startSendingWorld({ env: { SESSION_IDLE_MINUTES: '43200', SESSION_MAX_HOURS: '8760' } });
  const db = w.t.rt.deps.db;
  return {
    ...w,
    async customerWrites(c, text) {
      const res = await w.fake.inboundWebhook(PHONE_NUMBER_ID, { waId: c.waId, name: c.name }, { type: 'text', body: text });
      if (res.status !== 200) throw new Error(`inbound webhook: ${res.status}`);
      await w.settle();
      const [row] = await db
        .select({ contactId: conversations.contactId, conversationId: conversations.id })
        .from(conversations)
        .innerJoin(contacts, and(eq(contacts.workspaceId, conversations.workspaceId), eq(contacts.id, conversations.contactId)))
        .where(and(eq(contacts.channelName, c.name), sql`${conversations.state} <> 'closed'`));
      if (!row) throw new Error(`no open conversation for ${c.name}`);
      return row;
    },
    async deliver() {
      await runJobs(w.t, ['channels.send', 'campaigns.send-template']);
      await w.settle();
    },
    agent: (name, role = 'agent') => createStaff(w.t, w.cookie, name, role),
    async footprint(conversationId) {
      const [conversation] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
      const thread = await db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.seq);
      const [contact] = await db.select().from(contacts).where(eq(contacts.id, conversation!.contactId));
      return { conversation, thread, contact, sent: w.fake.sent().length, uploads: w.fake.uploads().length };
    },
    async queued(name) {
      const result = await db.execute(
        sql`select count(*)::int as n from pgboss.job where name = ${name} and state in ('created', 'retry')`,
      );
      return Number((result as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
    },
  };
}
