import { Badge, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { ContactImportPreviewRow } from '@parley/contracts';

/** Preview rows as the file has them, a problem cell in red, the row's problems (or what it will do) at the end. */
export function PreviewTable({
  title,
  columns,
  rows,
  testId,
}: {
  title: string;
  columns: string[];
  rows: ContactImportPreviewRow[];
  testId: string;
}) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <ScrollArea>
        <Table withTableBorder striped verticalSpacing={2} fz="xs" data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c}>{c}</Table.Th>
              ))}
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const bad = new Set(r.errors.map((e) => e.column));
              return (
                <Table.Tr key={r.row} data-testid={`${testId}-row-${r.row}`} data-rejected={r.errors.length > 0 || undefined}>
                  <Table.Td>{r.row}</Table.Td>
                  {columns.map((c) => (
                    <Table.Td key={c} c={bad.has(c) ? 'red' : undefined} fw={bad.has(c) ? 600 : undefined}>
                      {r.values[c] ?? ''}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    {r.errors.length > 0 ? (
                      <Text size="xs" c="red">
                        {r.errors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join('; ')}
                      </Text>
                    ) : (
                      <Badge size="xs" variant="light" color={r.action === 'update' ? 'blue' : 'green'}>
                        {r.action === 'update' ? 'updates a contact' : 'new contact'}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
