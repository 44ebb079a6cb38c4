import { Stack, Tabs, Title } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';
import { ContactsList } from './ContactsList';
import { SegmentsList } from './SegmentsList';

/** Contacts → the list (/contacts, ?segment=<id> opens one) and Segments (/contacts/segments). */
export function ContactsPage() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tab = pathname.startsWith('/contacts/segments') ? 'segments' : 'list';

  return (
    <Stack>
      <Title order={1} size="h2">
        Contacts
      </Title>
      <Tabs value={tab} onChange={(value) => void navigate(value === 'segments' ? '/contacts/segments' : '/contacts')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list" data-testid="contacts-tab-list">
            All contacts
          </Tabs.Tab>
          <Tabs.Tab value="segments" data-testid="contacts-tab-segments">
            Segments
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <ContactsList />
        </Tabs.Panel>
        <Tabs.Panel value="segments" pt="md">
          <SegmentsList />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
