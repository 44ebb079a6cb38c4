import { Alert, Button, Code, EmptyState, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { Channel } from '@parley/contracts';
import { IconBrandTelegram, IconBrandWhatsapp, IconMessageChatbot, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useCurrentUser } from '../identity/session';
import { AddChannelModal } from './AddChannelModal';
import { AddTelegramModal } from './AddTelegramModal';
import { AddWidgetModal } from './AddWidgetModal';
import { ChannelDetailsModal } from './ChannelDetailsModal';
import { channelAddress, channelKindLabels } from './labels';
import { useChannelsQuery } from './queries';
import { RemoveChannelModal } from './RemoveChannelModal';

export function ChannelsPage() {
  const me = useCurrentUser();
  // Supervisors may look (webhook URL included); only admins connect, test or remove numbers, as on the server.
  const canManage = me.role === 'admin';
  const channels = useChannelsQuery();
  const [adding, setAdding] = useState(false);
  const [addingTelegram, setAddingTelegram] = useState(false);
  const [addingWidget, setAddingWidget] = useState(false);
  const [detailsId, setDetailsId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Channel | null>(null);
  const details = channels.data?.find((c) => c.id === detailsId) ?? null;

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">
            Channels
          </Title>
          <Text size="sm" c="dimmed">
            The numbers, bots and channels your customers write to. Each WhatsApp number needs its webhook set up in Meta; a Telegram bot
            only needs its token.
          </Text>
        </div>
        {canManage && (
          <Group gap="xs">
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
              Add WhatsApp number
            </Button>
            <Button variant="light" leftSection={<IconBrandTelegram size={16} aria-hidden />} onClick={() => setAddingTelegram(true)}>
              Add Telegram bot
            </Button>
            <Button variant="light" leftSection={<IconMessageChatbot size={16} aria-hidden />} onClick={() => setAddingWidget(true)}>
              Add website chat
            </Button>
          </Group>
        )}
      </Group>

      {channels.isPending && <Loader aria-label="Loading channels" />}
      {channels.isError && <Alert color="red">{errorMessage(channels.error)}</Alert>}
      {channels.data?.length === 0 && (
        <EmptyState
          icon={<IconBrandWhatsapp aria-hidden />}
          title="No channels yet"
          description={
            canManage
              ? 'Add a WhatsApp number to start receiving messages, or try Parley first with the Simulator.'
              : 'An admin connects WhatsApp numbers here. Meanwhile, the Simulator lets you try Parley.'
          }
        />
      )}

      {channels.data && channels.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="sm" aria-label="Channels">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Reached at</Table.Th>
                <Table.Th>Provider id</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {channels.data.map((channel) => (
                <Table.Tr
                  key={channel.id}
                  data-testid={`channel-row-${channel.kind === 'whatsapp' ? channel.phoneNumberId : channel.id}`}
                  data-kind={channel.kind}
                >
                  <Table.Td>{channel.name}</Table.Td>
                  <Table.Td>{channelKindLabels[channel.kind]}</Table.Td>
                  <Table.Td>{channelAddress(channel)}</Table.Td>
                  <Table.Td>
                    {channel.kind === 'whatsapp' && <Code title="Phone number id">{channel.phoneNumberId}</Code>}
                    {channel.kind === 'telegram' && <Code title="Bot id">{channel.botId}</Code>}
                    {channel.kind === 'webchat' && <Code title="Widget key">{channel.widgetKey}</Code>}
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="light" onClick={() => setDetailsId(channel.id)}>
                      Details
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {canManage && <AddChannelModal opened={adding} onClose={() => setAdding(false)} onCreated={(c) => setDetailsId(c.id)} />}
      {canManage && (
        <AddTelegramModal opened={addingTelegram} onClose={() => setAddingTelegram(false)} onCreated={(c) => setDetailsId(c.id)} />
      )}
      {canManage && <AddWidgetModal opened={addingWidget} onClose={() => setAddingWidget(false)} onCreated={(c) => setDetailsId(c.id)} />}
      <ChannelDetailsModal
        channel={details}
        canManage={canManage}
        onClose={() => setDetailsId(null)}
        onRemove={(channel) => {
          setDetailsId(null);
          setRemoving(channel);
        }}
      />
      {canManage && <RemoveChannelModal channel={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}
