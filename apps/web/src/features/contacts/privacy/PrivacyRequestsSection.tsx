import { Alert, Badge, Button, EmptyState, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import type { PrivacyRequestStatus, PrivacyRequestView } from '@parley/contracts';
import { IconDownload, IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmRemovalModal } from '../../../components/ConfirmRemovalModal';
import { errorMessage } from '../../../lib/api';
import { useUserTime } from '../../identity/session';
import { privacyApi } from './api';
import { usePrivacyAction, usePrivacyRequests } from './queries';

const STATUS_COLOR: Record<PrivacyRequestStatus, string> = { pending: 'yellow', completed: 'green', cancelled: 'gray' };

/** GDPR requests staff asked for: admins execute (erase, or open an export's download), download, or cancel. */
export function PrivacyRequestsSection() {
  const time = useUserTime();
  const [status, setStatus] = useState<PrivacyRequestStatus | 'all'>('pending');
  const requests = usePrivacyRequests(status === 'all' ? {} : { status });
  const execute = usePrivacyAction('execute');
  const cancel = usePrivacyAction('cancel');
  const [confirming, setConfirming] = useState<PrivacyRequestView | null>(null);

  const run = (r: PrivacyRequestView) => (r.kind === 'erase' ? setConfirming(r) : execute.mutate(r.id));
  const open = (r: PrivacyRequestView) =>
    r.kind === 'export' && r.status === 'completed' && !!r.downloadUntil && new Date(r.downloadUntil) > new Date();

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <div>
          <Title order={2} size="h4">
            Privacy requests
          </Title>
          <Text size="sm" c="dimmed">
            Exports and erasures staff asked for. An executed export can be downloaded for 7 days.
          </Text>
        </div>
        <SegmentedControl
          size="xs"
          aria-label="Show requests"
          value={status}
          onChange={(v) => setStatus(v as PrivacyRequestStatus | 'all')}
          data={[
            { value: 'pending', label: 'Pending' },
            { value: 'completed', label: 'Done' },
            { value: 'cancelled', label: 'Cancelled' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      {requests.isPending && <Loader size="sm" aria-label="Loading privacy requests" />}
      {requests.isError && <Alert color="red">{errorMessage(requests.error)}</Alert>}
      {(execute.error ?? cancel.error) ? <Alert color="red">{errorMessage(execute.error ?? cancel.error)}</Alert> : null}
      {requests.data?.length === 0 && <EmptyState icon={<IconShieldLock aria-hidden />} title="No requests here" />}
      {requests.data && requests.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" aria-label="Privacy requests">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Request</Table.Th>
                <Table.Th>Asked by</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requests.data.map((r) => (
                <Table.Tr key={r.id} data-testid="privacy-request">
                  <Table.Td>{r.contactName ?? <Text c="dimmed">Erased or merged contact</Text>}</Table.Td>
                  <Table.Td>{r.kind === 'export' ? 'Export' : 'Erasure'}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.requestedBy.name ?? (r.requestedBy.type === 'api_token' ? 'API token' : 'System')}</Text>
                    <Text size="xs" c="dimmed">
                      {time.dateTime(r.requestedAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[r.status]} variant="light">
                      {r.status}
                    </Badge>
                    {r.executedAt && (
                      <Text size="xs" c="dimmed">
                        {r.closedReason ?? `by ${r.executedBy?.name ?? 'API token'}`} · {time.dateTime(r.executedAt)}
                      </Text>
                    )}
                    {!r.executedAt && r.closedReason && (
                      <Text size="xs" c="dimmed">
                        {r.closedReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {r.status === 'pending' && (
                        <>
                          <Button
                            size="compact-sm"
                            color={r.kind === 'erase' ? 'red' : undefined}
                            onClick={() => run(r)}
                            loading={execute.isPending && execute.variables === r.id}
                          >
                            Execute
                          </Button>
                          <Button size="compact-sm" variant="subtle" onClick={() => cancel.mutate(r.id)}>
                            Cancel
                          </Button>
                        </>
                      )}
                      {open(r) && (
                        <Button
                          size="compact-sm"
                          variant="light"
                          component="a"
                          href={privacyApi.downloadUrl(r.id)}
                          download
                          leftSection={<IconDownload size={14} aria-hidden />}
                        >
                          Download
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmRemovalModal
        opened={confirming !== null}
        title="Erase this contact?"
        action="Erase for good"
        pending={execute.isPending}
        error={execute.error}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && execute.mutate(confirming.id, { onSuccess: () => setConfirming(null) })}
      >
        <Text size="sm">
          {confirming?.contactName ?? 'This contact'} and everything about them — messages, media, notes, attributes, queued sends and jobs
          — will be erased. This cannot be undone. Campaign totals and statistics stay, without who.
        </Text>
      </ConfirmRemovalModal>
    </Stack>
  );
}
