import { Alert, Anchor, Badge, Button, Loader, Stack, Table, Text } from '@mantine/core';
import type { SegmentView } from '@parley/contracts';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/api';
import { useUserTime } from '../identity/session';
import { useDeleteSegment, useSegmentCount, useSegments } from './list-queries';

function SegmentCount({ id }: { id: string }) {
  const count = useSegmentCount(id);
  if (count.isPending) return <Loader size="xs" aria-label="Counting" />;
  if (count.isError) return <Text c="red">?</Text>;
  return (
    <Text span data-testid="segment-count" data-count={count.data}>
      {count.data.toLocaleString()}
    </Text>
  );
}

/** Every segment with its live count; a name opens the contacts list filtered by it. */
export function SegmentsList() {
  const time = useUserTime();
  const segments = useSegments();
  const remove = useDeleteSegment();

  return (
    <Stack>
      {segments.isPending && <Loader aria-label="Loading segments" />}
      {segments.isError && <Alert color="red">{errorMessage(segments.error)}</Alert>}
      {segments.data?.length === 0 && (
        <Text c="dimmed" data-testid="segments-empty">
          No segments yet. Filter or select contacts in the list, then “Save as segment”.
        </Text>
      )}
      {segments.data && segments.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Segments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Contacts</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Updated</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {segments.data.map((s: SegmentView) => (
                <Table.Tr key={s.id} data-testid="segment-row" data-segment-id={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts?segment=${s.id}`} data-testid="segment-open">
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.kind === 'dynamic' ? 'blue' : 'grape'}>
                      {s.kind === 'dynamic' ? 'Dynamic' : 'Static'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <SegmentCount id={s.id} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {s.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>{time.dateTime(s.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      data-testid="segment-delete"
                      loading={remove.isPending && remove.variables === s.id}
                      onClick={() => remove.mutate(s.id)}
                    >
                      Delete
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {remove.isError && <Alert color="red">{errorMessage(remove.error)}</Alert>}
    </Stack>
  );
}
