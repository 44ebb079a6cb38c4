import { Anchor, Badge, Checkbox, Group, Table } from '@mantine/core';
import type { ContactListItem } from '@parley/contracts';
import { Link } from 'react-router';
import { useUserTime } from '../identity/session';
import { contactName, sourceLabel } from './format';
import { sentimentText } from './SentimentBadge';

interface ContactsTableProps {
  items: ContactListItem[];
  /** Ids ticked on this page (or every row, when "all matching" is on). */
  isSelected(id: string): boolean;
  onToggle(id: string): void;
  allOnPage: boolean;
  someOnPage: boolean;
  onTogglePage(): void;
}

export function ContactsTable({ items, isSelected, onToggle, allOnPage, someOnPage, onTogglePage }: ContactsTableProps) {
  const time = useUserTime();
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Contacts">
        <Table.Caption>Dates are shown in your time zone, {time.zone}.</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select this page"
                data-testid="contacts-select-page"
                checked={allOnPage}
                indeterminate={someOnPage && !allOnPage}
                onChange={onTogglePage}
              />
            </Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Phone</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Tags</Table.Th>
            <Table.Th>Last active</Table.Th>
            <Table.Th>Messages</Table.Th>
            <Table.Th>Unresolved</Table.Th>
            <Table.Th>Sentiment</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-testid="contacts-row" data-contact-id={c.id}>
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${contactName(c)}`}
                  data-testid="contacts-select-row"
                  checked={isSelected(c.id)}
                  onChange={() => onToggle(c.id)}
                />
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" data-testid="contacts-row-name">
                    {contactName(c)}
                  </Anchor>
                  {c.status === 'archived' && (
                    <Badge size="xs" color="gray" variant="light">
                      Archived
                    </Badge>
                  )}
                  {c.optedOut && (
                    <Badge size="xs" color="orange" variant="light">
                      Opted out
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{c.phone ?? '—'}</Table.Td>
              <Table.Td>{c.email ?? '—'}</Table.Td>
              <Table.Td>{sourceLabel({ source: c.source, referral: null })}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {c.tags.map((tag) => (
                    <Badge key={tag} size="xs" variant="outline" tt="none">
                      {tag}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{c.lastActiveAt ? time.dateTime(c.lastActiveAt) : 'Never'}</Table.Td>
              <Table.Td>{c.messagesFromCustomer}</Table.Td>
              <Table.Td>{c.unresolvedQueries}</Table.Td>
              <Table.Td>{c.averageSentiment === null ? '—' : sentimentText(Math.round(c.averageSentiment * 10) / 10)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
