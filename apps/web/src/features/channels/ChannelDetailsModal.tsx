import { Button, Code, DataList, Divider, Group, Modal, Stack } from '@mantine/core';
import type { Channel } from '@parley/contracts';
import { IconTrash } from '@tabler/icons-react';
import { useUserTime } from '../identity/session';
import { useLastNonNull } from '../identity/useLastNonNull';
import { channelKindLabels } from './labels';
import { TestConnection } from './TestConnection';
import { WebhookSetup } from './WebhookSetup';

interface ChannelDetailsModalProps {
  channel: Channel | null;
  canManage: boolean;
  onClose: () => void;
  onRemove: (channel: Channel) => void;
}

export function ChannelDetailsModal({ channel: target, canManage, onClose, onRemove }: ChannelDetailsModalProps) {
  const channel = useLastNonNull(target);
  return (
    <Modal opened={target !== null} onClose={onClose} title={channel ? channel.name : 'Channel'} size="xl">
      {/* Keyed by channel, so a previous test result never shows under another number. */}
      {channel && <ChannelDetails key={channel.id} channel={channel} canManage={canManage} onRemove={onRemove} />}
    </Modal>
  );
}

function ChannelDetails({ channel, canManage, onRemove }: { channel: Channel; canManage: boolean; onRemove: (channel: Channel) => void }) {
  const time = useUserTime();
  return (
    <Stack>
      <DataList size="sm" labelWidth={220} aria-label="Channel details">
        <DataList.Item>
          <DataList.ItemLabel>Kind</DataList.ItemLabel>
          <DataList.ItemValue>{channelKindLabels[channel.kind]}</DataList.ItemValue>
        </DataList.Item>
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
        <DataList.Item>
          <DataList.ItemLabel>Added</DataList.ItemLabel>
          <DataList.ItemValue>{time.dateTime(channel.createdAt)}</DataList.ItemValue>
        </DataList.Item>
      </DataList>

      <Divider />
      <WebhookSetup channel={channel} />

      {canManage && (
        <>
          <Divider />
          <TestConnection channelId={channel.id} />
          <Group justify="flex-end">
            <Button color="red" variant="light" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => onRemove(channel)}>
              Remove
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
