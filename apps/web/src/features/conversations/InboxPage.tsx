import { Grid, Group, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { Outlet, useParams } from 'react-router';
import type { ConversationState } from './api';
import { ConversationList } from './ConversationList';
import { StateFilter } from './StateFilter';

/** The list of conversations beside the one being read (a sub-route, so it is linkable and survives a reload). */
export function InboxPage() {
  const { conversationId } = useParams();
  // Lives here, not in the list, so the filter stays put while people open one conversation after another.
  const [state, setState] = useState<ConversationState | null>(null);

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h3">
          Inbox
        </Title>
        <StateFilter value={state} onChange={setState} />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }} display={{ base: conversationId ? 'none' : 'block', md: 'block' }}>
          <ConversationList state={state} selectedId={conversationId ?? null} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          <Outlet />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
