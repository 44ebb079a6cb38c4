import { Alert, Button, Code, EmptyState, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { Channel } from '@parley/contracts';
import { IconBrandWhatsapp, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useCurrentUser } from '../identity/session';
import { AddChannelModal } from './AddChannelModal';
import { ChannelDetailsModal } from './ChannelDetailsModal';
import { channelKindLabels } from './labels';
import { useChannelsQuery } from './queries';
import { RemoveChannelModal } from './RemoveChannelModal';

export function ChannelsPage() {
  const me = useCurrentUser();
  // Supervisors may look (webhook URL included); only admins connect, test or remove numbers, as on the server.
  const canManage = me.role === 'admin';
  const channels = useChannelsQuery();
  const [adding, setAdding] = useState(false);
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
            The numbers and channels your customers write to. Each WhatsApp number needs its webhook set up in Meta.
          </Text>
        </div>
        {canManage && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add WhatsApp number
          </Button>
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
                <Table.Th>Number</Table.Th>
                <Table.Th>Phone number id</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {channels.data.map((channel) => (
                <Table.Tr key={channel.id} data-testid={`channel-row-${channel.phoneNumberId}`}>
                  <Table.Td>{channel.name}</Table.Td>
                  <Table.Td>{channel.displayPhoneNumber}</Table.Td>
                  <Table.Td>
                    <Code>{channel.phoneNumberId}</Code>
                  </Table.Td>
                  <Table.Td>{channelKindLabels[channel.kind]}</Table.Td>
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
