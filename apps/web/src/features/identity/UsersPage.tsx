import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { User } from '@parley/contracts';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { AddUserModal } from './AddUserModal';
import { ConfirmActiveModal } from './ConfirmActiveModal';
import { EditUserModal } from './EditUserModal';
import { roleLabels } from './fields';
import { useUsersQuery } from './queries';
import { useCurrentUser, useUserTime } from './session';

export function UsersPage() {
  const me = useCurrentUser();
  const time = useUserTime();
  const users = useUsersQuery();
  // Supervisors see the team; only admins change it (the server enforces the same rule).
  const canManage = me.role === 'admin';
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Users
        </Title>
        {canManage && (
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add user
          </Button>
        )}
      </Group>

      {users.isPending && <Loader aria-label="Loading users" />}
      {users.isError && <Alert color="red">{errorMessage(users.error)}</Alert>}

      {users.data && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Users">
            <Table.Caption>Dates are shown in your time zone, {time.zone}.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                {canManage && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((user) => (
                <Table.Tr key={user.id} data-testid={`user-row-${user.email}`}>
                  <Table.Td>
                    {user.name}
                    {user.id === me.id && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (you)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>{roleLabels[user.role]}</Table.Td>
                  <Table.Td>{user.timezone}</Table.Td>
                  <Table.Td>
                    <Badge color={user.active ? 'green' : 'gray'} variant="light">
                      {user.active ? 'Active' : 'Deactivated'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{time.dateTime(user.createdAt)}</Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="compact-sm" variant="light" onClick={() => setEditing(user)}>
                          Edit
                        </Button>
                        {/* Deactivating yourself would lock you out mid-click; another admin can do it. */}
                        {user.id !== me.id && (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color={user.active ? 'red' : undefined}
                            onClick={() => setToggling(user)}
                          >
                            {user.active ? 'Deactivate' : 'Reactivate'}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {canManage && (
        <>
          <AddUserModal opened={adding} onClose={() => setAdding(false)} />
          <EditUserModal user={editing} onClose={() => setEditing(null)} />
          <ConfirmActiveModal user={toggling} onClose={() => setToggling(null)} />
        </>
      )}
    </Stack>
  );
}
