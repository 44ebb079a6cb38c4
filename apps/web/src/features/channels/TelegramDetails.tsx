import { Anchor, Code, DataList, Divider, Stack, Text, Title } from '@mantine/core';
import type { TelegramChannel } from '@parley/contracts';
import { CopyField } from './CopyField';

/** A connected bot: who it is, and where Telegram delivers its updates (registered by Parley with setWebhook). */
export function TelegramDetails({ channel }: { channel: TelegramChannel }) {
  const handle = channel.botUsername ? `@${channel.botUsername}` : null;
  return (
    <Stack>
      <DataList size="sm" labelWidth={220} aria-label="Bot details">
        <DataList.Item>
          <DataList.ItemLabel>Bot</DataList.ItemLabel>
          <DataList.ItemValue data-testid="telegram-bot-username">
            {handle ? (
              <Anchor href={`https://t.me/${channel.botUsername}`} target="_blank" rel="noopener noreferrer">
                {handle}
              </Anchor>
            ) : (
              channel.botName
            )}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Bot name</DataList.ItemLabel>
          <DataList.ItemValue>{channel.botName}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Bot id</DataList.ItemLabel>
          <DataList.ItemValue>
            <Code>{channel.botId}</Code>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Bot API</DataList.ItemLabel>
          <DataList.ItemValue>
            <Code>{channel.apiBaseUrl}</Code>
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <Divider />
      <Stack gap="sm" component="section" aria-labelledby="telegram-webhook-heading">
        <Title order={3} size="h5" id="telegram-webhook-heading">
          Webhook
        </Title>
        <Text size="sm">
          Parley registered this address with Telegram when the bot was connected, with a secret token Telegram sends back on every update.
          Nothing needs pasting. If the address is not reachable from the internet, set <Code>PUBLIC_URL</Code> on the server and connect
          the bot again.
        </Text>
        <CopyField label="Webhook URL" value={channel.webhookUrl} copyLabel="Copy webhook URL" testId="channel-webhook-url" />
      </Stack>
    </Stack>
  );
}
