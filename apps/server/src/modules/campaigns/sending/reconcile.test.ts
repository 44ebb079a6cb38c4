import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendOutbound, getChannel } from '../../channels';
import { testEngine } from '../../../testing/engines';
import { startSecondNode } from '../../../testing/test-app';
import { startSendingWorld, type SendingWorld } from '../../../testing/campaign-sending';
import { campaignRecipients, campaignSenders, messageTemplates } from '../tables';
import { claimRecipients, markCalling } from './claim';
import { dispatchCampaign } from './dispatch';
import { runDispatchJob } from './jobs';
import { scanCampaigns } from './kick';

// A recipient is never sent twice: crashes between the `sending` commit and the call's answer are reconciled from
// status webhooks, one dispatcher per campaign, and scheduled campaigns start from the database after a restart.
let w: SendingWorld;
beforeAll(async () => {
  w = await startSendingWorld();
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  w.fake.reset();
  await w.t.rt.deps.db.update(campaignSenders).set({ pausedUntil: null, nextSlotAt: null });
});

const deps = () => w.t.rt.deps;
const T = () => deps().config.campaigns.reconcileSeconds * 1000;

async function target(campaignId: string) {
  const [t] = await deps().db.select().from(messageTemplates).where(eq(messageTemplates.id, w.templateId));
  return { workspaceId: w.ws, campaignId, channelId: w.channelId, template: { name: t!.name, language: t!.language, content: t!.content } };
}

/** What a dispatcher that dies right after the call leaves behind: claimed, marked calling, called, answer never recorded. */
async function crashAfterCall(campaignId: string) {
  const [r] = await claimRecipients(deps(), await target(campaignId), 1);
  await markCalling(deps().db, { workspaceId: w.ws, campaignId }, [r!.id], w.t.clock.now());
  const channel = await getChannel(deps().db, w.ws, w.channelId);
  await sendOutbound(deps(), channel, { recipientKeys: [`wa:${r!.phone.slice(1)}`], content: r!.content, correlationId: r!.messageId });
  return r!;
}

describe('crash recovery without a second send', () => {
  it('accepted but never recorded: the status webhook reconciles it, and no dispatcher sends it again', async () => {
    const c = await w.campaign(2);
    const r = await crashAfterCall(c.id);
    let [row] = (await w.recipients(c.id)).filter((x) => x.id === r.id);
    expect(row).toMatchObject({ status: 'sending', providerMessageId: null });
    await w.settle();
    [row] = (await w.recipients(c.id)).filter((x) => x.id === r.id);
    expect(row!.status).toBe('read');
    expect(row!.providerMessageId).toBe(w.fake.sent()[0]!.wamid);
    w.t.clock.advance(T() * 3);
    const result = await w.dispatch(c.id);
    expect(result.state).toBe('done');
    expect(w.sendsByOpaque().get(r.id)).toBe(1);
    expect(w.fake.sent()).toHaveLength(2);
  });

  it('claimed but never called: released at once and sent once', async () => {
    const c = await w.campaign(1);
    await claimRecipients(deps(), await target(c.id), 1);
    expect((await w.recipients(c.id))[0]).toMatchObject({ status: 'sending', sendingAt: null });
    expect((await w.dispatch(c.id)).state).toBe('done');
    const [row] = await w.recipients(c.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(w.sendsByOpaque().get(row!.id)).toBe(1);
  });

  it('a lost answer with no status waits: not resent before T, nor after T without proof that statuses arrive', async () => {
    const c = await w.campaign(1);
    w.fake.hangNext(0, { then: 'drop' });
    expect((await w.dispatch(c.id)).state).toBe('sending');
    const [row] = await w.recipients(c.id);
    expect(row).toMatchObject({ status: 'sending', reason: expect.stringContaining('Awaiting') });
    expect(row!.sendingAt).not.toBeNull();
    w.t.clock.advance(T() + 1000);
    expect((await w.dispatch(c.id)).state).toBe('sending');
    expect(w.fake.sent()).toHaveLength(0);
    // After CAMPAIGN_UNCONFIRMED_FAIL_HOURS it fails as unconfirmed, never resent.
    w.t.clock.advance(deps().config.campaigns.unconfirmedFailHours * 3_600_000);
    expect((await w.dispatch(c.id)).state).toBe('done_with_failures');
    expect((await w.recipients(c.id))[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('Unconfirmed') });
    expect(w.fake.sent()).toHaveLength(0);
  });

  it('a lost answer is resent once after T, once later sends got their statuses and no stored webhook awaits', async () => {
    const c = await w.campaign(2);
    // The first call's connection drops before Meta reads it; the second is deferred (131056) and goes out later.
    w.fake.hangNext(0, { then: 'drop' });
    w.fake.failNext({ code: 131056 });
    await w.dispatch(c.id);
    // Which recipient went first is the claim's order: find them by what happened to them.
    const lost = (await w.recipients(c.id)).find((r) => r.status === 'sending')!;
    const deferred = (await w.recipients(c.id)).find((r) => r.status === 'pending')!;
    expect(lost).toBeDefined();
    expect(deferred).toBeDefined();
    w.t.clock.advance(15_000);
    await w.dispatch(c.id);
    await w.settle();
    expect((await w.recipients(c.id)).find((r) => r.id === deferred.id)!.status).toBe('read');
    // Not before T…
    await w.dispatch(c.id);
    expect(w.sendsByOpaque().get(lost.id)).toBeUndefined();
    // Not while status webhooks of the number are stored but not yet applied (one might be its own).
    const other = await w.campaign(1);
    await w.dispatch(other.id);
    await w.fake.idle();
    w.t.clock.advance(T());
    expect((await w.dispatch(c.id)).state).toBe('sending');
    expect(w.sendsByOpaque().get(lost.id)).toBeUndefined();
    await w.settle();
    expect((await w.dispatch(c.id)).state).toBe('done');
    const after = (await w.recipients(c.id)).find((r) => r.id === lost.id);
    expect(after).toMatchObject({ status: 'sent', attempts: 2 });
    expect(w.sendsByOpaque().get(lost.id)).toBe(1);
  });
});

describe('one dispatcher per campaign', () => {
  it('a second dispatcher of the same campaign leaves at once', async () => {
    const c = await w.campaign(5);
    const [a, b] = await Promise.all([w.dispatch(c.id), w.dispatch(c.id)]);
    expect([a.state, b.state].sort()).toEqual(['busy', 'done']);
    expect([...w.sendsByOpaque().values()]).toEqual([1, 1, 1, 1, 1]);
  });

  it('concurrent claims take different recipients (FOR UPDATE SKIP LOCKED)', async () => {
    const c = await w.campaign(20);
    const t = await target(c.id);
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimRecipients(deps(), t, 8)));
    const ids = claims.flat().map((r) => r.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it.runIf(testEngine() === 'postgres')('two processes: only one dispatches the campaign, and each recipient is sent once', async () => {
    const second = await startSecondNode(w.t);
    try {
      const c = await w.campaign(40);
      const sleep = async (ms: number) => w.t.clock.advance(ms);
      const [a, b] = await Promise.all([
        dispatchCampaign(w.t.rt.deps, { workspaceId: w.ws, campaignId: c.id }, { sleep, batchSize: 5 }),
        dispatchCampaign(second.rt.deps, { workspaceId: w.ws, campaignId: c.id }, { sleep, batchSize: 5 }),
      ]);
      expect([a.state, b.state].sort()).toEqual(['busy', 'done']);
      const counts = w.sendsByOpaque();
      expect(counts.size).toBe(40);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await second.close();
    }
  });
});

describe('scheduled campaigns', () => {
  it('start on time from the database: the scan finds them after a restart', async () => {
    const at = new Date(w.t.clock.now().getTime() + 3_600_000);
    const c = await w.campaign(2, { status: 'scheduled', scheduledAt: at });
    // Before its time, a dispatcher leaves it alone.
    expect(await w.dispatch(c.id)).toMatchObject({ state: 'scheduled', wakeAt: at });
    expect(await w.status(c.id)).toBe('scheduled');
    w.t.clock.advance(3_600_000);
    // A process that knows nothing of it (no timer survives a restart) scans the table…
    await deps().db.execute(sql`delete from pgboss.job where name = 'campaigns.dispatch'`);
    expect(await scanCampaigns(deps())).toBeGreaterThanOrEqual(1);
    const jobs = await deps().db.execute(sql`select data from pgboss.job where name = 'campaigns.dispatch'`);
    const data = (jobs as unknown as { rows: Array<{ data: { campaignId: string; workspaceId: string } }> }).rows.map((r) => r.data);
    expect(data).toContainEqual({ workspaceId: w.ws, campaignId: c.id });
    // …and the job it queued starts it.
    await runDispatchJob(deps(), { workspaceId: w.ws, campaignId: c.id }, { sleep: async (ms) => w.t.clock.advance(ms) });
    expect(await w.status(c.id)).toBe('done');
    const rows = await w.recipients(c.id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const [row] = await deps()
      .db.select({ startedAt: sql<Date>`(select started_at from campaigns where id = ${c.id})` })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, c.id)))
      .limit(1);
    expect(new Date(row!.startedAt).getTime()).toBeGreaterThanOrEqual(at.getTime());
  });
});
