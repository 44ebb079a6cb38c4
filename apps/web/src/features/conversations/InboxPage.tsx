import { Grid, Group, Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { Outlet, useParams } from 'react-router';
import { AvailabilitySwitch } from '../routing/AvailabilitySwitch';
import { DeskLiveUpdates } from '../routing/DeskLiveUpdates';
import type { ConversationState } from './api';
import { ConversationList, type InboxView } from './ConversationList';
import { StateFilter } from './StateFilter';

const VIEWS: Array<{ value: InboxView; label: string }> = [
  { value: 'mine', label: 'Mine' },
  { value: 'queue', label: 'Queue' },
  { value: 'all', label: 'All' },
];

/** The list of conversations beside the one being read (a sub-route, so it is linkable and survives a reload). */
export function InboxPage() {
  const { conversationId } = useParams();
  // Live here, not in the list, so the tab and filter stay put while people open one conversation after another.
  // All by default: it is what every role knew before the desk, and where a new conversation is sure to show.
  const [view, setView] = useState<InboxView>('all');
  const [state, setState] = useState<ConversationState | null>(null);

  return (
    <Stack gap="sm">
      <DeskLiveUpdates />
      <Group justify="space-between" gap="sm">
        <Group gap="md">
          <Title order={1} size="h3">
            Inbox
          </Title>
          <AvailabilitySwitch />
        </Group>
        {view === 'all' && <StateFilter value={state} onChange={setState} />}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }} display={{ base: conversationId ? 'none' : 'block', md: 'block' }}>
          <Tabs value={view} onChange={(v) => setView(VIEWS.find((x) => x.value === v)?.value ?? 'all')} mb="xs">
            <Tabs.List aria-label="Inbox views" grow>
              {VIEWS.map((v) => (
                <Tabs.Tab key={v.value} value={v.value}>
                  {v.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <ConversationList view={view} state={state} selectedId={conversationId ?? null} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          <Outlet />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
