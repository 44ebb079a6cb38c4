// The external bot when it must not be obeyed: refused answers (fallback sent, logged, nothing applied), a
// conversation it may no longer speak in, and addresses that turned private after saving (testing/external-bot-world.ts).
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { contactAttributeValues, contacts, goalCompletions } from '../../contacts/tables';
import { conversations } from '../../conversations/tables';
import { externalBotJob } from './job';
import { runExternalBot } from './run-external-bot';
import { externalBotSettings } from './tables';
import {
  botMessages,
  conversation,
  customerSays,
  db,
  delivery,
  done,
  json,
  pendingBotJobs,
  runBotJobs,
  saveBot,
  type Script,
  scripts,
  SECRET,
  seen,
  t,
  testBot,
  useExternalBotWorld,
  workspaceId,
} from '../../../testing/external-bot-world';

useExternalBotWorld();

describe('refused answers: fallback sent, logged, nothing applied', () => {
  const refusals: [string, Script, RegExp][] = [
    ['slow', (_e, res) => void setTimeout(() => json(res, { replies: [{ type: 'text', text: 'late' }] }), 1500), /timeout/],
    ['not json', (_e, res) => json(res, 'Sure! I can help with that.'), /not JSON/],
    ['huge', (_e, res) => json(res, { replies: [{ type: 'text', text: 'x'.repeat(200_000) }] }), /larger than 65536 bytes/],
    [
      'huge streamed',
      (_e, res) => {
        // No content-length: the cap is enforced while reading.
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 100; i++) res.write('x'.repeat(1024));
        res.end();
      },
      /larger than 65536 bytes/,
    ],
    [
      'unknown action',
      (_e, res) => json(res, { replies: [{ type: 'text', text: 'ok' }], actions: [{ type: 'transfer_money', amount: 5 }] }),
      /actions\.0\.type/,
    ],
    ['too many', (_e, res) => json(res, { replies: Array.from({ length: 6 }, (_, i) => ({ type: 'text', text: `r${i}` })) }), /replies/],
    [
      'four buttons',
      (_e, res) => json(res, { replies: [{ type: 'buttons', text: 'x', buttons: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })) }] }),
      /buttons/,
    ],
    ['server error', (_e, res) => json(res, { error: 'boom' }, 500), /HTTP 500/],
    [
      'redirect',
      (_e, res) => {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      },
      /redirect/,
    ],
    [
      'bad attribute',
      (_e, res) =>
        json(res, { replies: [{ type: 'text', text: 'Noted' }], actions: [{ type: 'set_attribute', key: 'orders', value: 'many' }] }),
      /actions\.0.*orders/,
    ],
    [
      'unknown attribute',
      (_e, res) =>
        json(res, {
          actions: [
            { type: 'goal', name: 'g' },
            { type: 'set_attribute', key: 'shoe_size', value: 42 },
          ],
        }),
      /shoe_size/,
    ],
    [
      'unknown skillset',
      (_e, res) =>
        json(res, {
          replies: [{ type: 'text', text: 'Transferring' }],
          actions: [{ type: 'handoff', skillsetId: '6f1c1b8e-0a43-4d7e-9a3e-2b1c9d0e8f7a' }],
        }),
      /skillset/,
    ],
  ];

  it.each(refusals)('%s', async (text, script, reason) => {
    scripts.set(text, script);
    const warn = vi.spyOn(t.rt.deps.log, 'warn');
    const { contact, conversationId } = await customerSays(text);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Sorry, our assistant is unavailable.']);
    const d = await delivery(conversationId);
    expect(d).toMatchObject({ outcome: 'fallback' });
    expect(d!.reason).toMatch(reason);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ workspaceId, eventId: d!.messageId, reason: d!.reason }),
      expect.stringContaining('fallback'),
    );
    warn.mockRestore();
    // Nothing of the answer applied.
    expect((await conversation(conversationId)).state).toBe('bot');
    expect(await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conversationId))).toEqual([]);
    expect(await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.contactId, contact.id))).toEqual([]);
  });

  it('a bot that checks the signature refuses one made with another secret (detectable: 401 → fallback)', async () => {
    testBot.secret = 'the-bot-knows-another-secret';
    seen.length = 0;
    const { conversationId } = await customerSays('signed wrong');
    testBot.secret = SECRET;
    expect(seen[0]!.signatureOk).toBe(false);
    expect((await delivery(conversationId))!.reason).toMatch(/HTTP 401/);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Sorry, our assistant is unavailable.']);
  });

  it('rotating the secret signs with the new one', async () => {
    await saveBot({ secret: 'a-brand-new-secret-0123456789' });
    testBot.secret = 'a-brand-new-secret-0123456789';
    seen.length = 0;
    await customerSays('after rotation');
    expect(seen[0]!.signatureOk).toBe(true);
    // Omitting the secret keeps it.
    await saveBot({ secret: undefined });
    seen.length = 0;
    await customerSays('kept secret');
    expect(seen[0]!.signatureOk).toBe(true);
    testBot.secret = SECRET;
    await saveBot();
  });
});

describe('when the bot may not speak any more', () => {
  it('skips the answer when an agent took the conversation during the call', async () => {
    let conversationIdSeen = '';
    scripts.set('take over', async (e, res) => {
      conversationIdSeen = (e as unknown as { conversation: { id: string } }).conversation.id;
      await db().update(conversations).set({ state: 'assigned' }).where(eq(conversations.id, conversationIdSeen));
      json(res, { replies: [{ type: 'text', text: 'too late' }], actions: [{ type: 'goal', name: 'late' }] });
    });
    const { conversationId } = await customerSays('take over');
    expect(conversationIdSeen).toBe(conversationId);
    expect(await botMessages(conversationId)).toEqual([]);
    expect(await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conversationId))).toEqual([]);
    expect(await delivery(conversationId)).toMatchObject({ outcome: 'skipped', reason: 'the conversation is now assigned' });
  });

  it('does not call the bot for a paused contact', async () => {
    seen.length = 0;
    const { contact, conversationId } = await customerSays('paused', { runJobs: false });
    await db()
      .update(contacts)
      .set({ botPausedUntil: new Date(t.clock.now().getTime() + 600_000) })
      .where(eq(contacts.id, contact.id));
    await runBotJobs();
    expect(seen).toEqual([]);
    expect(await delivery(conversationId)).toMatchObject({ outcome: 'skipped', reason: 'the bot is paused for this contact' });
  });

  it('a re-run of the job for the same message sends nothing twice', async () => {
    seen.length = 0;
    const { conversationId, jobs } = await customerSays('only once');
    expect(jobs).toHaveLength(1);
    await runExternalBot(t.rt.deps, jobs[0]!);
    await Promise.all([runExternalBot(t.rt.deps, jobs[0]!), runExternalBot(t.rt.deps, jobs[0]!)]);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['echo: only once']);
    expect(seen).toHaveLength(1);
  });

  it('two runs racing on one message apply its answer once', async () => {
    const { conversationId, jobs } = await customerSays('race', { runJobs: false });
    expect(jobs).toEqual([]);
    const [job] = await pendingBotJobs();
    done.add(job!.id);
    const data = externalBotJob.schema.parse(job!.data);
    await Promise.all([runExternalBot(t.rt.deps, data), runExternalBot(t.rt.deps, data)]);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['echo: race']);
  });
});

describe('SSRF at call time', () => {
  it('refuses a URL that now points at a private address without the opt-in (DNS changed after saving)', async () => {
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9/hook',
      'http://localhost:9/hook',
    ]) {
      await db()
        .update(externalBotSettings)
        .set({ url, allowPrivateNetwork: false })
        .where(eq(externalBotSettings.workspaceId, workspaceId));
      seen.length = 0;
      const { conversationId } = await customerSays(`ssrf ${url}`);
      expect(seen).toEqual([]);
      const d = await delivery(conversationId);
      expect(d, url).toMatchObject({ outcome: 'fallback' });
      expect(d!.reason).toMatch(/url refused/);
      expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Sorry, our assistant is unavailable.']);
    }
    await saveBot();
  });
});
