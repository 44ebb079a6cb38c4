import { Alert, Button, Code, EmptyState, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { ApiToken } from '@parley/contracts';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { CreateTokenModal } from './CreateTokenModal';
import { useApiTokensQuery } from './queries';
import { RevokeTokenModal } from './RevokeTokenModal';
import { useUserTime } from './session';

export function ApiTokensPage() {
  const time = useUserTime();
  const tokens = useApiTokensQuery();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2} size="h3">
            API tokens
          </Title>
          <Text size="sm" c="dimmed">
            Integrations use these to call the Parley API on behalf of this workspace.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          Create token
        </Button>
      </Group>

      {tokens.isPending && <Loader aria-label="Loading API tokens" />}
      {tokens.isError && <Alert color="red">{errorMessage(tokens.error)}</Alert>}
      {tokens.data?.length === 0 && (
        <EmptyState
          icon={<IconKey aria-hidden />}
          title="No API tokens"
          description="Create one when an integration needs to call the API."
        />
      )}

      {tokens.data && tokens.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="sm" aria-label="API tokens">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Starts with</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{time.dateTime(token.createdAt)}</Table.Td>
                  <Table.Td>{token.lastUsedAt ? time.dateTime(token.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(token)}>
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <RevokeTokenModal token={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  );
}
