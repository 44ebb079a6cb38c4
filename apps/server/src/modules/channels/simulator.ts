import type { SimulatorSendRequest } from '@parley/contracts';
import { randomBytes, randomInt } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { openSecrets, sealSecrets, type WhatsAppChannelRow } from './repository';
import { channels } from './tables';
import { startFakeGraph, type FakeGraph } from './whatsapp/fake-graph';

const DISPLAY_NUMBER = '15550100001';

/**
 * The simulator: a demo WhatsApp number whose "Meta" is a fake Graph API running in this process. A person
 * plays a customer; their messages reach Parley as real signed webhooks over HTTP, and Parley's replies go
 * to the fake, which reports sent → delivered → read back by webhook — the real path end to end, no Meta
 * account. It lives in one web process (the demo runs embedded); each process starts its own fake.
 */
export class Simulator {
  private fake?: Promise<FakeGraph>;
  private readonly registered = new Set<string>();

  constructor(
    private readonly deps: Deps,
    /** Where this process listens, as the fake must reach its webhooks: http://127.0.0.1:<port>. */
    private readonly selfUrl: () => string,
  ) {}

  async ensure(workspaceId: string): Promise<{ channel: WhatsAppChannelRow; fake: FakeGraph }> {
    const fake = await (this.fake ??= startFakeGraph({ statusDelaysMs: { sent: 300, delivered: 800, read: 1600 }, recordLimit: 5_000 }));
    let channel = await this.findChannel(workspaceId);
    if (!channel) channel = await this.createChannel(workspaceId, fake.url);
    else if (channel.settings.graphBaseUrl !== fake.url) channel = await this.pointAt(channel, fake.url);
    if (!this.registered.has(channel.id)) {
      const secrets = openSecrets(this.deps.secrets, channel);
      fake.registerNumber({
        phoneNumberId: channel.settings.phoneNumberId,
        displayPhoneNumber: DISPLAY_NUMBER,
        wabaId: channel.settings.wabaId,
        accessToken: secrets.accessToken,
        appSecret: secrets.appSecret!,
        webhookUrl: `${this.selfUrl()}/webhooks/whatsapp/${channel.id}`,
        verifiedName: 'Parley Demo',
      });
      this.registered.add(channel.id);
    }
    return { channel, fake };
  }

  /** The customer writes: a signed inbound webhook, POSTed to Parley's own webhook URL. */
  async customerSends(workspaceId: string, req: SimulatorSendRequest) {
    const { channel, fake } = await this.ensure(workspaceId);
    const referral = req.referral
      ? {
          sourceType: 'ad' as const,
          sourceId: req.referral.sourceId ?? '120226305854810726',
          sourceUrl: req.referral.sourceUrl ?? 'https://fb.me/parley-demo-ad',
          headline: req.referral.headline,
          body: req.referral.body,
          mediaType: 'image' as const,
        }
      : undefined;
    const result = await fake.inboundWebhook(
      channel.settings.phoneNumberId,
      { waId: req.customer.waId, name: req.customer.name },
      { type: 'text', body: req.text, ...(referral ? { referral } : {}) },
    );
    if (result.status !== 200) this.deps.log.warn({ status: result.status }, 'simulator webhook was not accepted');
    return { wamid: result.wamid, webhookStatus: result.status };
  }

  /** What Parley sent to this customer, with the latest status the fake reported for each. */
  async outbox(workspaceId: string, waId: string) {
    const { channel, fake } = await this.ensure(workspaceId);
    type OutboxStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
    const order: OutboxStatus[] = ['accepted', 'sent', 'delivered', 'read'];
    return fake
      .sent(channel.settings.phoneNumberId)
      .filter((m) => m.waId === waId || String(m.body.to ?? '').replace(/^\+/, '') === waId)
      .map((m) => {
        const reported = fake.deliveries
          .filter((d) => d.kind === 'status' && d.wamid === m.wamid && d.responseStatus === 200)
          .map((d) => d.status);
        const status: OutboxStatus = reported.includes('failed')
          ? 'failed'
          : order.reduce<OutboxStatus>((best, s) => (reported.includes(s as never) ? s : best), 'accepted');
        return { wamid: m.wamid, type: m.type, text: textOf(m.body), at: new Date(m.at).toISOString(), status };
      });
  }

  async close() {
    await (await this.fake)?.close();
  }

  private async findChannel(workspaceId: string) {
    const [row] = await this.deps.db
      .select()
      .from(channels)
      .where(
        and(
          eq(channels.workspaceId, workspaceId),
          eq(channels.kind, 'whatsapp'),
          isNull(channels.deletedAt),
          sql`${channels.settings}->>'simulator' = 'true'`,
        ),
      );
    return row as WhatsAppChannelRow | undefined;
  }

  private async createChannel(workspaceId: string, graphBaseUrl: string) {
    const phoneNumberId = `9${randomInt(10 ** 13, 10 ** 14 - 1)}`;
    const [row] = await this.deps.db
      .insert(channels)
      .values({
        workspaceId,
        kind: 'whatsapp',
        name: 'Simulator',
        externalId: phoneNumberId,
        settings: {
          phoneNumberId,
          wabaId: `8${randomInt(10 ** 13, 10 ** 14 - 1)}`,
          displayPhoneNumber: `+${DISPLAY_NUMBER}`,
          graphBaseUrl,
          graphVersion: this.deps.config.whatsapp.graphVersion,
          ownWebhook: true,
          simulator: true,
        },
        sealedSecrets: sealSecrets(this.deps.secrets, {
          accessToken: randomBytes(24).toString('base64url'),
          appSecret: randomBytes(24).toString('base64url'),
          verifyToken: randomBytes(18).toString('base64url'),
        }),
        createdAt: this.deps.clock.now(),
      })
      .returning();
    if (!row) throw new AppError('internal', 'could not create the simulator channel');
    return row as WhatsAppChannelRow;
  }

  private async pointAt(channel: WhatsAppChannelRow, graphBaseUrl: string) {
    const [row] = await this.deps.db
      .update(channels)
      .set({ settings: { ...channel.settings, graphBaseUrl } })
      .where(and(eq(channels.workspaceId, channel.workspaceId), eq(channels.id, channel.id)))
      .returning();
    return row as WhatsAppChannelRow;
  }
}

function textOf(body: Record<string, unknown>): string {
  const text = body.text as { body?: string } | undefined;
  if (text?.body) return text.body;
  const interactive = body.interactive as { body?: { text?: string } } | undefined;
  if (interactive?.body?.text) return interactive.body.text;
  const template = body.template as { name?: string } | undefined;
  return template?.name ? `[template ${template.name}]` : `[${String(body.type)}]`;
}
