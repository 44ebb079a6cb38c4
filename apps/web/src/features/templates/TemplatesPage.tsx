import { Alert, Button, Group, Loader, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { templateStatuses, type TemplateStatus, type TemplateView, type WhatsAppChannel } from '@parley/contracts';
import { IconPlus, IconRefresh, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useChannelsQuery } from '../channels/queries';
import { useCurrentUser } from '../identity/session';
import { NewTemplateModal } from './NewTemplateModal';
import { useSyncTemplates, useTemplatesQuery } from './queries';
import { TemplatePreview } from './TemplatePreview';
import { statusLabel, TemplateStatusBadge } from './TemplateStatusBadge';

/** /templates: the WhatsApp message templates of the workspace's numbers, kept in step with Meta. */
export function TemplatesPage() {
  const me = useCurrentUser();
  // Everyone reads templates (agents send them); admins sync and submit — the server enforces the same rule.
  const isAdmin = me.role === 'admin';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [status, setStatus] = useState<TemplateStatus | null>(null);
  const [creating, setCreating] = useState(false);
  const [previewing, setPreviewing] = useState<TemplateView | null>(null);
  const templates = useTemplatesQuery({ ...(debounced ? { search: debounced } : {}), ...(status ? { status } : {}) });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3">
            Templates
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            WhatsApp message templates reach customers outside the 24-hour window and carry campaigns. Meta reviews each one; its status
            updates here by itself.{!isAdmin && ' Only admins sync and submit templates.'}
          </Text>
        </div>
        {isAdmin && <AdminActions onCreate={() => setCreating(true)} creating={creating} onClose={() => setCreating(false)} />}
      </Group>

      <Group>
        <TextInput
          aria-label="Search templates by name"
          placeholder="Search by name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
        <Select
          aria-label="Filter by status"
          placeholder="Any status"
          clearable
          data={templateStatuses.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={status}
          onChange={(s) => setStatus(s as TemplateStatus | null)}
          w={200}
        />
      </Group>

      {templates.isPending && <Loader aria-label="Loading templates" />}
      {templates.isError && <Alert color="red">{errorMessage(templates.error)}</Alert>}
      {templates.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {debounced || status
            ? 'No template matches.'
            : 'No templates yet. Sync a WhatsApp number to bring in its templates, or create one.'}
        </Text>
      )}
      {templates.data && templates.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Templates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Language</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.data.map((t) => (
                <Table.Tr key={t.id} data-testid="template-row" data-name={t.name}>
                  <Table.Td fw={500}>{t.name}</Table.Td>
                  <Table.Td>{t.language}</Table.Td>
                  <Table.Td tt="capitalize">{t.category}</Table.Td>
                  <Table.Td>
                    <TemplateStatusBadge status={t.status} reason={t.statusReason} />
                  </Table.Td>
                  <Table.Td maw={360}>
                    <Text size="sm" lineClamp={2}>
                      {t.content.body.text}
                    </Text>
                    {t.content.unsupported && (
                      <Text size="xs" c="orange">
                        {t.content.unsupported}
                      </Text>
                    )}
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      px={0}
                      onClick={() => setPreviewing(t)}
                      aria-label={`Preview ${t.name} (${t.language})`}
                    >
                      Preview
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Modal
        opened={previewing !== null}
        onClose={() => setPreviewing(null)}
        title={previewing ? `${previewing.name} (${previewing.language})` : ''}
      >
        {previewing && (
          <Stack>
            <TemplateStatusBadge status={previewing.status} reason={previewing.statusReason} />
            <TemplatePreview content={previewing.content} />
            <Text size="xs" c="dimmed">
              Variables show the template’s example values.
            </Text>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

/** Sync per WhatsApp number and "New template": admins only (the channels list is staff-only too). */
function AdminActions({ onCreate, creating, onClose }: { onCreate: () => void; creating: boolean; onClose: () => void }) {
  const channels = useChannelsQuery();
  const numbers = (channels.data ?? []).filter((c): c is WhatsAppChannel => c.kind === 'whatsapp');
  return (
    <Group gap="xs">
      {channels.isError && (
        <Text c="red" size="sm">
          {errorMessage(channels.error)}
        </Text>
      )}
      {numbers.map((n) => (
        <SyncButton key={n.id} channel={n} />
      ))}
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onCreate} disabled={numbers.length === 0}>
        New template
      </Button>
      <NewTemplateModal opened={creating} onClose={onClose} channels={numbers} />
    </Group>
  );
}

function SyncButton({ channel }: { channel: WhatsAppChannel }) {
  const sync = useSyncTemplates();
  const run = () =>
    sync.mutate(channel.id, {
      onSuccess: (r) =>
        notifications.show({
          color: 'green',
          title: `Synced ${channel.name}`,
          message: `${r.total} templates at Meta: ${r.created} new, ${r.updated} updated, ${r.deleted} no longer there.`,
        }),
      onError: (error) => notifications.show({ color: 'red', title: `Sync of ${channel.name} failed`, message: errorMessage(error) }),
    });
  return (
    <Button variant="light" leftSection={<IconRefresh size={16} aria-hidden />} loading={sync.isPending} onClick={run}>
      Sync {channel.displayPhoneNumber}
    </Button>
  );
}
