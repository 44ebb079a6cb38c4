// Test-only: a Parley with a WhatsApp channel, skillsets and attributes for the bot's tests, and customers who
// write through real signed webhooks.
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from './test-app';
import { connectWhatsApp, messageWebhook, postWebhook, processPending, textWebhook, whatsappEnv } from './whatsapp';
import { contacts } from '../modules/contacts/tables';
import { conversations, messages } from '../modules/conversations/tables';
import type { BotConfigInput } from '../modules/bot/engine';

export interface BotWorld {
  t: TestApp;
  admin: string;
  channelId: string;
  skillsets: { sales: string; support: string; billing: string; returns: string };
  api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** PUT /bot/settings; throws unless 200. */
  setBot(mode: 'builtin' | 'external' | 'off', personality?: BotConfigInput): Promise<void>;
  customer(waId: string, name: string): Customer;
  close(): Promise<void>;
}

export interface Customer {
  waId: string;
  name: string;
  /** Sends a text through a signed webhook, processes it, and returns the bot's messages it caused. */
  says(text: string): Promise<BotMessage[]>;
  /** Taps a reply button or list row. */
  taps(kind: 'button_reply' | 'list_reply', id: string, title: string): Promise<BotMessage[]>;
  /** Sends any WhatsApp message object (type and its field). */
  sends(message: Record<string, unknown>): Promise<BotMessage[]>;
  contact(): Promise<typeof contacts.$inferSelect>;
  /** The newest conversation. */
  conversation(): Promise<typeof conversations.$inferSelect>;
}

export type BotMessage = typeof messages.$inferSelect;

export async function startBotWorld(opts: { worker?: boolean; graphBaseUrl?: string } = {}): Promise<BotWorld> {
  // The fake clock jumps by days in some tests: keep the staff session alive through them.
  const t = await startTestApp({
    env: { ...whatsappEnv, SESSION_IDLE_MINUTES: '43200', SESSION_MAX_HOURS: '8760' },
    worker: opts.worker ?? false,
  });
  const admin = await t.login();
  const channelId = (await connectWhatsApp(t, admin, opts.graphBaseUrl ? { graphBaseUrl: opts.graphBaseUrl } : {})).id;
  const api: BotWorld['api'] = (method, url, payload) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });

  const skillset = async (name: string) => {
    const res = await api('POST', '/skillsets', { name });
    if (res.statusCode !== 201) throw new Error(`skillset: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  const skillsets = {
    sales: await skillset('Sales'),
    support: await skillset('Support'),
    billing: await skillset('Billing'),
    returns: await skillset('Returns'),
  };
  for (const attr of [
    { key: 'email', label: 'Email', type: 'text' },
    { key: 'size', label: 'Size', type: 'list', options: ['Small', 'Medium', 'Large'] },
    { key: 'age', label: 'Age', type: 'number' },
  ]) {
    const res = await api('POST', '/attributes', attr);
    if (res.statusCode !== 201) throw new Error(`attribute: ${res.statusCode} ${res.body}`);
  }

  const db = () => t.rt.deps.db;
  return {
    t,
    admin,
    channelId,
    skillsets,
    api,
    async setBot(mode, personality) {
      const res = await api('PUT', '/bot/settings', { mode, ...(personality ? { personality } : {}) });
      if (res.statusCode !== 200) throw new Error(`bot settings: ${res.statusCode} ${res.body}`);
    },
    customer(waId, name) {
      const who = { waId, name };
      const contact = async () => (await db().select().from(contacts).where(eq(contacts.channelName, name)))[0]!;
      const send = async (body: unknown) => {
        const known = await db()
          .select({ id: messages.id })
          .from(messages)
          .innerJoin(contacts, eq(contacts.id, messages.contactId))
          .where(eq(contacts.channelName, name));
        const res = await postWebhook(t, body);
        if (res.statusCode !== 200) throw new Error(`webhook: ${res.statusCode}`);
        await processPending(t);
        const c = await contact();
        const seen = new Set(known.map((k) => k.id));
        const rows = await db()
          .select()
          .from(messages)
          .where(and(eq(messages.contactId, c.id), eq(messages.senderType, 'bot')))
          .orderBy(messages.seq);
        return rows.filter((m) => !seen.has(m.id));
      };
      return {
        waId,
        name,
        says: (text) => send(textWebhook(who, text, t.rt.deps.clock.now())),
        taps: (kind, id, title) =>
          send(messageWebhook(who, { type: 'interactive', interactive: { type: kind, [kind]: { id, title } }, timestamp: unixNow(t) })),
        sends: (message) => send(messageWebhook(who, { timestamp: unixNow(t), ...message })),
        contact,
        async conversation() {
          const c = await contact();
          const rows = await db().select().from(conversations).where(eq(conversations.contactId, c.id)).orderBy(conversations.openedAt);
          return rows.at(-1)!;
        },
      };
    },
    close: () => t.close(),
  };
}

const unixNow = (t: TestApp) => String(Math.floor(t.rt.deps.clock.now().getTime() / 1000));

/** The personality most tests use: a greeting, a two-option menu, two FAQ entries, an email question, goals. */
export function acmePersonality(w: BotWorld, overrides: Partial<BotConfigInput> = {}): BotConfigInput {
  return {
    greeting: 'Hi! Welcome to Acme.',
    menu: {
      prompt: 'How can we help?',
      options: [
        { id: 'sales', label: 'Sales', skillsetId: w.skillsets.sales, keywords: ['buy'] },
        { id: 'support', label: 'Support', skillsetId: w.skillsets.support, keywords: ['broken'] },
      ],
    },
    faq: [
      {
        id: 'shipping',
        question: 'What does shipping cost?',
        keywords: ['shipping', 'delivery'],
        answer: 'Shipping is free above €50.',
        goal: 'shipping_info',
      },
      {
        id: 'estimate',
        question: 'Can I get an estimate?',
        keywords: ['estimate'],
        answer: 'Sure, we send estimates by email.',
        askQuestionId: 'email',
      },
    ],
    questions: [
      {
        id: 'email',
        attributeKey: 'email',
        prompt: 'What is your email address?',
        type: 'email',
        retryPrompt: 'That is not an email address. Could you check it?',
        reply: 'Thanks, we will write to you.',
        goal: 'lead',
      },
    ],
    goals: ['shipping_info', 'lead'],
    ...overrides,
  };
}

/** What a bot message says: its content as stored (text / buttons / list). */
export const contentOf = (m: BotMessage) => m.content as Record<string, unknown>;
