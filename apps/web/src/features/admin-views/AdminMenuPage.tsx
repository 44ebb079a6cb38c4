import { Badge, Stack, Tabs, Title } from '@mantine/core';
import { adminListNames, type AdminListCounts, type AdminListName } from '@parley/contracts';
import { useState } from 'react';
import { AdminList } from './AdminList';
import { AdminLiveUpdates } from './AdminLiveUpdates';
import { useAdminCounts } from './queries';

const labels: Record<AdminListName, string> = {
  unmanaged: 'Unmanaged',
  waiting: 'Waiting',
  active: 'Active',
  history: 'Conversation history',
  'templates-sent': 'Message templates sent',
};

/** The tab's badge: how many rows (the growing lists say "10,000+" past their cap). */
function countOf(list: AdminListName, c: AdminListCounts | undefined): string | undefined {
  if (!c) return undefined;
  const at = (total: number, capped = false) => `${total.toLocaleString()}${capped ? '+' : ''}`;
  if (list === 'unmanaged') return at(c.unmanaged.total, c.unmanaged.capped);
  if (list === 'waiting') return at(c.waiting.total);
  if (list === 'active') return at(c.active.total);
  if (list === 'history') return at(c.history.total, c.history.capped);
  return at(c.templatesSent.total, c.templatesSent.capped);
}

/** The admin menu (seed 004): the live conversation lists, each a tab with its count. */
export function AdminMenuPage() {
  const [tab, setTab] = useState<AdminListName>('unmanaged');
  const counts = useAdminCounts();
  return (
    <Stack p="md" gap="md">
      <AdminLiveUpdates />
      <Title order={2}>Admin menu</Title>
      <Tabs value={tab} onChange={(v) => v && setTab(v as AdminListName)} keepMounted={false}>
        <Tabs.List>
          {adminListNames.map((list) => {
            const n = countOf(list, counts.data);
            return (
              <Tabs.Tab
                key={list}
                value={list}
                data-testid={`admin-tab-${list}`}
                rightSection={
                  n === undefined ? null : (
                    <Badge size="sm" variant="light" data-testid={`admin-count-${list}`}>
                      {n}
                    </Badge>
                  )
                }
              >
                {labels[list]}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        {adminListNames.map((list) => (
          <Tabs.Panel key={list} value={list} pt="md">
            <AdminList list={list} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
