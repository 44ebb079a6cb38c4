// Test-only: a Parley listening on 127.0.0.1 with one WhatsApp number whose Graph API is the
// fake, so templates are synced, submitted and reviewed over real HTTP, webhooks included.
import { startFakeGraph, type FakeGraph } from '../modules/channels';
import { startTestApp, type TestApp } from './test-app';
import { APP_SECRET, connectWhatsApp, PHONE_NUMBER_ID, WABA_ID, whatsappEnv } from './whatsapp';

export interface TemplatesWorld {
  t: TestApp;
  fake: FakeGraph;
  admin: string;
  channelId: string;
  close(): Promise<void>;
}

export const ACCESS_TOKEN = 'EAAG-test-access-token-0123456789';

export async function startTemplatesWorld(): Promise<TemplatesWorld> {
  const t = await startTestApp({ env: whatsappEnv });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as { port: number };
  const fake = await startFakeGraph({ strictTemplates: true });
  const admin = await t.login();
  const channel = await connectWhatsApp(t, admin, { graphBaseUrl: fake.url });
  fake.registerNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '15550783881',
    wabaId: WABA_ID,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
  });
  return {
    t,
    fake,
    admin,
    channelId: channel.id,
    close: async () => {
      await fake.close();
      await t.close();
    },
  };
}

/** Meta's JSON for a template with every kind of part (what WhatsApp Manager would hold). */
export const richComponents = [
  { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#4821'] } },
  { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships on {{3}}.', example: { body_text: [['Priya', '#4821', '18 May']] } },
  { type: 'FOOTER', text: 'Reply STOP to opt out' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'QUICK_REPLY', text: 'Track' },
      { type: 'URL', text: 'View', url: 'https://ex.com/o/{{1}}', example: ['https://ex.com/o/4821'] },
      { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550100' },
    ],
  },
];
