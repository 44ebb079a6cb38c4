import { Button, Group, Table } from '@mantine/core';

/**
 * The actions cell of a settings table that admins manage row by row. The buttons say only "Edit" and "Delete", so
 * their accessible names carry the row's name: screen readers and browser tests tell the rows apart by it.
 */
export function EditDeleteCell({ name, onEdit, onDelete }: { name: string; onEdit: () => void; onDelete: () => void }) {
  return (
    <Table.Td>
      <Group gap="xs" wrap="nowrap">
        <Button size="compact-sm" variant="light" onClick={onEdit} aria-label={`Edit ${name}`}>
          Edit
        </Button>
        <Button size="compact-sm" variant="subtle" color="red" onClick={onDelete} aria-label={`Delete ${name}`}>
          Delete
        </Button>
      </Group>
    </Table.Td>
  );
}
