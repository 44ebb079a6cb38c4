import { Button, DataList, Divider, Group, Modal, Stack } from '@mantine/core';
import type { Channel } from '@parley/contracts';
import { IconTrash } from '@tabler/icons-react';
import { useUserTime } from '../identity/session';
import { useLastNonNull } from '../identity/useLastNonNull';
import { channelKindLabels } from './labels';
import { TelegramDetails } from './TelegramDetails';
import { TestConnection } from './TestConnection';
import { WhatsAppDetails } from './WhatsAppDetails';
import { WidgetSettings } from './WidgetSettings';

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
          <DataList.ItemLabel>Added</DataList.ItemLabel>
          <DataList.ItemValue>{time.dateTime(channel.createdAt)}</DataList.ItemValue>
        </DataList.Item>
      </DataList>

      {channel.kind === 'whatsapp' && <WhatsAppDetails channel={channel} />}
      {channel.kind === 'telegram' && <TelegramDetails channel={channel} />}
      {channel.kind === 'webchat' && <WidgetSettings channel={channel} canManage={canManage} />}

      {canManage && (
        <>
          <Divider />
          {/* The widget is served by Parley itself: there is no provider connection to test. */}
          {channel.kind !== 'webchat' && <TestConnection channelId={channel.id} />}
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
