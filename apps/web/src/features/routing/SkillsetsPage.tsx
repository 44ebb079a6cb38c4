import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { Skillset, User } from '@parley/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { EditDeleteCell } from '../../components/EditDeleteCell';
import { errorMessage } from '../../lib/api';
import { useUsersQuery } from '../identity/queries';
import { useCurrentUser } from '../identity/session';
import { DeleteSkillsetModal } from './DeleteSkillsetModal';
import { useSkillsetsQuery } from './queries';
import { SkillsetModal } from './SkillsetModal';

/** /settings/skillsets: the groups of agents the bot's menu, a handoff or a transfer queue conversations for. */
export function SkillsetsPage() {
  const me = useCurrentUser();
  // Supervisors see the skillsets; only admins change them (the server enforces the same rule).
  const canManage = me.role === 'admin';
  const skillsets = useSkillsetsQuery();
  const users = useUsersQuery();
  const [editing, setEditing] = useState<Skillset | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Skillset | null>(null);
  const usersById = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3">
            Skillsets
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            Skillsets group agents (Sales, Support, Italian…). A menu option of the bot, a handoff or a transfer puts a conversation in a
            skillset’s queue; one of its members takes it. A higher priority is served first.
            {!canManage && ' Only admins can change skillsets.'}
          </Text>
        </div>
        {canManage && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            Add skillset
          </Button>
        )}
      </Group>

      {skillsets.isPending && <Loader aria-label="Loading skillsets" />}
      {skillsets.isError && <Alert color="red">{errorMessage(skillsets.error)}</Alert>}
      {users.isError && <Alert color="orange">Members cannot be shown: {errorMessage(users.error)}</Alert>}
      {skillsets.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No skillsets yet. Add one for each team that answers customers, then point the bot’s menu at them.
        </Text>
      )}

      {skillsets.data && skillsets.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Skillsets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Members</Table.Th>
                {canManage && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {skillsets.data.map((s) => (
                <Table.Tr key={s.id} data-testid="skillset-row" data-name={s.name}>
                  <Table.Td fw={500}>{s.name}</Table.Td>
                  <Table.Td data-testid="skillset-priority">
                    {s.priority ?? (
                      <Text span c="dimmed" size="sm">
                        Normal
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Members ids={s.memberIds} usersById={usersById} />
                  </Table.Td>
                  {canManage && <EditDeleteCell name={s.name} onEdit={() => setEditing(s)} onDelete={() => setDeleting(s)} />}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {canManage && (
        <>
          <SkillsetModal target={editing} users={users.data ?? []} onClose={() => setEditing(null)} />
          <DeleteSkillsetModal skillset={deleting} onClose={() => setDeleting(null)} />
        </>
      )}
    </Stack>
  );
}

function Members({ ids, usersById }: { ids: string[]; usersById: Map<string, User> }) {
  if (ids.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No members
      </Text>
    );
  return (
    <Group gap={4} data-testid="skillset-members">
      {ids.map((id) => (
        <Badge key={id} variant="light" tt="none">
          {usersById.get(id)?.name ?? 'Unknown user'}
        </Badge>
      ))}
    </Group>
  );
}
