import { Alert, Badge, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { AttributeDefinition } from '@parley/contracts';
import { IconCheck, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { EditDeleteCell } from '../../../components/EditDeleteCell';
import { errorMessage } from '../../../lib/api';
import { useCurrentUser } from '../../identity/session';
import { AttributeModal } from './AttributeModal';
import { DeleteAttributeModal } from './DeleteAttributeModal';
import { attributeTypeLabels } from './labels';
import { useAttributeDefinitions } from './queries';

/** /settings/attributes: the workspace's custom contact attributes (PRODUCT §2). */
export function AttributesPage() {
  const me = useCurrentUser();
  const canManage = me.role === 'admin';
  const definitions = useAttributeDefinitions();
  const [editing, setEditing] = useState<AttributeDefinition | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AttributeDefinition | null>(null);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3">
            Contact attributes
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            Your own fields on every contact: typed values that agents see in the profile, the bot’s questions can fill in, and filters and
            segments can use. Top properties are shown first.
            {!canManage && ' Only admins can change attributes.'}
          </Text>
        </div>
        {canManage && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            Add attribute
          </Button>
        )}
      </Group>

      {definitions.isPending && <Loader aria-label="Loading attributes" />}
      {definitions.isError && <Alert color="red">{errorMessage(definitions.error)}</Alert>}
      {definitions.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No attributes yet. Add one for each thing you want to know about customers (their city, plan, preferred language…).
        </Text>
      )}

      {definitions.data && definitions.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Contact attributes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Label</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Options</Table.Th>
                <Table.Th>Agents can edit</Table.Th>
                <Table.Th>Top property</Table.Th>
                {canManage && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {definitions.data.map((a) => (
                <Table.Tr key={a.key} data-testid="attribute-row" data-key={a.key}>
                  <Table.Td fw={500}>{a.label}</Table.Td>
                  <Table.Td>
                    <Code>{a.key}</Code>
                  </Table.Td>
                  <Table.Td>{attributeTypeLabels[a.type]}</Table.Td>
                  <Table.Td>
                    {a.options && (
                      <Group gap={4}>
                        {a.options.slice(0, 8).map((o) => (
                          <Badge key={o} variant="outline" tt="none" size="sm">
                            {o}
                          </Badge>
                        ))}
                        {a.options.length > 8 && (
                          <Text size="xs" c="dimmed">
                            +{a.options.length - 8} more
                          </Text>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>{a.agentEditable && <IconCheck size={16} aria-label="Yes" />}</Table.Td>
                  <Table.Td>{a.topProperty && <IconCheck size={16} aria-label="Yes" />}</Table.Td>
                  {canManage && <EditDeleteCell name={a.label} onEdit={() => setEditing(a)} onDelete={() => setDeleting(a)} />}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {canManage && (
        <>
          <AttributeModal target={editing} onClose={() => setEditing(null)} />
          <DeleteAttributeModal attribute={deleting} onClose={() => setDeleting(null)} />
        </>
      )}
    </Stack>
  );
}
