import { Alert, Button, Code, EmptyState, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useMemo } from 'react';
import { errorMessage } from '../../lib/api';
import type { AuditEntry } from './api';
import { useApiTokensQuery, useAuditLogQuery, useUsersQuery } from './queries';
import { useUserTime } from './session';

type NameLookup = (type: string | null, id: string | null) => string;

const TYPE_LABELS: Record<string, string> = { user: 'User', api_token: 'API token', workspace: 'Workspace' };

/** Audit rows carry ids; people need names. Current users and tokens are looked up; anything else (a revoked token) keeps its id. */
function useNameLookup(): NameLookup {
  const users = useUsersQuery();
  const tokens = useApiTokensQuery();
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const u of users.data ?? []) names.set(`user:${u.id}`, `${u.name} (${u.email})`);
    for (const t of tokens.data ?? []) names.set(`api_token:${t.id}`, `API token “${t.name}”`);
    return (type, id) => {
      if (!type) return '—';
      const label = TYPE_LABELS[type] ?? type;
      if (!id) return label;
      return names.get(`${type}:${id}`) ?? `${label} ${id}`;
    };
  }, [users.data, tokens.data]);
}

function actorLabel(entry: AuditEntry, lookup: NameLookup): string {
  if (entry.actorType === 'system') return 'System';
  return lookup(entry.actorType, entry.actorId);
}

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function AuditLogPage() {
  const time = useUserTime();
  const audit = useAuditLogQuery();
  const lookup = useNameLookup();
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack>
      <div>
        <Title order={2} size="h3">
          Audit log
        </Title>
        <Text size="sm" c="dimmed">
          Administrative actions in this workspace, newest first. Times are in your time zone ({time.zone}).
        </Text>
      </div>

      {audit.isPending && <Loader aria-label="Loading the audit log" />}
      {audit.isError && <Alert color="red">{errorMessage(audit.error)}</Alert>}
      {audit.isSuccess && entries.length === 0 && <EmptyState icon={<IconHistory aria-hidden />} title="Nothing recorded yet" />}

      {entries.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing="xs" aria-label="Audit log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(entry.at)}</Table.Td>
                  <Table.Td>
                    <Code>{entry.action}</Code>
                  </Table.Td>
                  <Table.Td>{actorLabel(entry, lookup)}</Table.Td>
                  <Table.Td>{lookup(entry.targetType, entry.targetId)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {detailsText(entry.details)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {audit.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
