import { Alert, Badge, Checkbox, Group, Loader, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ContactListItem } from '@parley/contracts';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { errorMessage } from '../../../lib/api';
import { contactName } from '../../contacts/format';
import type { ListParams } from '../../contacts/list-api';
import { useContactCount, useContactPage } from '../../contacts/list-queries';

/** The contacts list's own search (name, phone, email): its first 50 matches and their total. */
export function useCustomerSearch() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const params: ListParams = useMemo(() => ({ q, filter: null, segment: null, sort: 'name', order: 'asc', limit: 50 }), [q]);
  const page = useContactPage(params, null);
  const count = useContactCount(params);
  return { search, setSearch, q, page, count };
}

/** The search box and its matches, each row with a pick control. */
export function ContactSearch(props: {
  testId: string;
  s: ReturnType<typeof useCustomerSearch>;
  /** What each row offers: a tick box (picking several) or a button (adding one). */
  action: (c: ContactListItem) => ReactNode;
  header?: ReactNode;
}) {
  const { search, setSearch, page, count } = props.s;
  const items = page.data?.items ?? [];
  const total = count.data ?? 0;

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <TextInput
          aria-label="Search customers"
          placeholder="Search by name, phone or email"
          data-testid={`${props.testId}-search`}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Group gap="xs">
          {page.isFetching && <Loader size="xs" aria-label="Searching" />}
          <Text size="sm" c="dimmed" data-testid={`${props.testId}-total`} data-total={count.data ?? undefined}>
            {count.data !== undefined ? `${total.toLocaleString()} matching` : ''}
          </Text>
        </Group>
      </Group>
      {props.header}
      {page.isError && <Alert color="red">{errorMessage(page.error)}</Alert>}
      <ScrollArea.Autosize mah={320}>
        <Table verticalSpacing={4} aria-label="Customers">
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id} data-testid={`${props.testId}-row`}>
                <Table.Td w={40}>{props.action(c)}</Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm">{contactName(c)}</Text>
                    {c.optedOut && (
                      <Badge size="xs" color="orange" variant="light">
                        Opted out
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{c.phone ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {total > items.length && (
        <Text size="xs" c="dimmed">
          Showing the first {items.length}; narrow the search to find others.
        </Text>
      )}
    </Stack>
  );
}

/** A tick box for ContactSearch rows. */
export function PickBox({ c, picked, onToggle }: { c: ContactListItem; picked: boolean; onToggle: (id: string) => void }) {
  return <Checkbox aria-label={`Pick ${contactName(c)}`} data-testid="customer-pick" checked={picked} onChange={() => onToggle(c.id)} />;
}
