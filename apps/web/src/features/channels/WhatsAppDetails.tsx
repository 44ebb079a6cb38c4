import { Code, DataList, Divider, Stack } from '@mantine/core';
import type { WhatsAppChannel } from '@parley/contracts';
import { WebhookSetup } from './WebhookSetup';

/** A WhatsApp number: its ids at Meta, and the webhook to paste into Meta's App Dashboard. */
export function WhatsAppDetails({ channel }: { channel: WhatsAppChannel }) {
  return (
    <Stack>
      <DataList size="sm" labelWidth={220} aria-label="Number details">
        <DataList.Item>
          <DataList.ItemLabel>Number</DataList.ItemLabel>
          <DataList.ItemValue>{channel.displayPhoneNumber}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Phone number id</DataList.ItemLabel>
          <DataList.ItemValue>
            <Code>{channel.phoneNumberId}</Code>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>WhatsApp Business Account id</DataList.ItemLabel>
          <DataList.ItemValue>
            <Code>{channel.wabaId}</Code>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Graph API</DataList.ItemLabel>
          <DataList.ItemValue>
            <Code>
              {channel.graphBaseUrl}/{channel.graphVersion}
            </Code>
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <Divider />
      <WebhookSetup channel={channel} />
    </Stack>
  );
}
