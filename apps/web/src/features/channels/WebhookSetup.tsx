import { Alert, Code, List, Stack, Text, Title } from '@mantine/core';
import type { WhatsAppChannel } from '@parley/contracts';
import { IconAlertTriangle } from '@tabler/icons-react';
import { CopyField } from './CopyField';

/** What to paste into Meta so this number's messages reach Parley, and where. */
export function WebhookSetup({ channel }: { channel: WhatsAppChannel }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="webhook-setup-heading">
      <Title order={3} size="h5" id="webhook-setup-heading">
        Webhook
      </Title>
      <Text size="sm">
        In Meta’s App Dashboard, open <strong>WhatsApp → Configuration</strong>. Under <strong>Webhook</strong>, choose Edit, paste the
        callback URL and the verify token below, then <strong>Verify and save</strong>. Finally, under Webhook fields, subscribe to{' '}
        <Code>messages</Code>.
      </Text>
      <CopyField label="Webhook URL" value={channel.webhookUrl} copyLabel="Copy webhook URL" testId="channel-webhook-url" />
      {channel.verifyToken ? (
        <CopyField label="Verify token" value={channel.verifyToken} copyLabel="Copy verify token" testId="channel-verify-token" />
      ) : (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle aria-hidden />}
          title="No verify token on this install"
          data-testid="channel-verify-token-missing"
        >
          <Stack gap={6}>
            <Text size="sm">
              Meta cannot verify the webhook URL until the server has a verify token. Set <Code>WHATSAPP_VERIFY_TOKEN</Code> in the server’s
              environment to a long random string, then restart Parley; the token then appears here.
            </Text>
            <List size="sm">
              <List.Item>
                For example, add <Code>WHATSAPP_VERIFY_TOKEN=…</Code> to the service’s environment file (a value from{' '}
                <Code>openssl rand -hex 24</Code> does well).
              </List.Item>
              <List.Item>
                Set <Code>WHATSAPP_APP_SECRET</Code> to your Meta app’s secret too, so Parley can check each webhook’s signature.
              </List.Item>
            </List>
          </Stack>
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        {channel.ownWebhook
          ? 'This number uses its own Meta app: its webhook signatures are checked with the app secret given when it was added.'
          : 'This number shares the install’s Meta app: webhook signatures are checked with the server’s WHATSAPP_APP_SECRET.'}
      </Text>
    </Stack>
  );
}
