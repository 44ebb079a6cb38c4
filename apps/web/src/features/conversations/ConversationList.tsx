import { Alert, Button, EmptyState, Group, Loader, NavLink, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import type { ConversationSummary } from '@parley/contracts';
import { IconMessages } from '@tabler/icons-react';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/api';
import { useNow } from '../../lib/useNow';
import { useDeskList } from '../desk/queries';
import { useUserTime, type UserTime } from '../identity/session';
import type { ConversationState } from './api';
import { conversationTitle } from './labels';
import { useConversationList } from './queries';
import { useRoutingNames, waitedFor } from './RoutingInfo';
import { StateBadge } from './StateBadge';

/** Mine: assigned to me. Queue: waiting conversations I may take. All: everything, by state. */
export type InboxView = 'mine' | 'queue' | 'all';

interface ConversationListProps {
  view: InboxView;
  state: ConversationState | null;
  selectedId: string | null;
}

export function ConversationList({ view, state, selectedId }: ConversationListProps) {
  // Mine and Queue are filtered by the server (GET /desk/conversations), All by state.
  const all = useConversationList(state, view === 'all');
  const desk = useDeskList(view === 'all' ? 'mine' : view, view !== 'all');
  const list = view === 'all' ? all : desk;
  const conversations = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder radius="md" p="xs">
      <ScrollArea.Autosize mah="calc(100dvh - 170px)" type="auto" offsetScrollbars>
        {list.isPending && <Loader size="sm" m="sm" aria-label="Loading conversations" />}
        {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
        {list.isSuccess && conversations.length === 0 && <NoConversations view={view} filtered={state !== null} />}
        <Stack gap={2} component="nav" aria-label="Conversations">
          {conversations.map((c) => (
            <ConversationRow key={c.id} conversation={c} active={c.id === selectedId} />
          ))}
        </Stack>
        {list.hasNextPage && (
          <Group justify="center" py="xs">
            <Button variant="default" size="xs" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </ScrollArea.Autosize>
    </Paper>
  );
}

/** Today's messages show their time; older ones their date (both in the viewer's zone). */
function shortWhen(value: string, time: UserTime, now: Date): string {
  return time.date(value) === time.date(now) ? time.time(value) : time.date(value);
}

function ConversationRow({ conversation: c, active }: { conversation: ConversationSummary; active: boolean }) {
  const time = useUserTime();
  const now = useNow(60_000);
  const names = useRoutingNames();
  return (
    <NavLink
      component={Link}
      to={`/inbox/${c.id}`}
      active={active}
      aria-current={active ? 'page' : undefined}
      data-testid="conversation-row"
      data-conversation-id={c.id}
      styles={{ body: { minWidth: 0 } }}
      label={
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={600} truncate>
            {conversationTitle(c)}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={time.dateTime(c.lastMessageAt)}>
            {shortWhen(c.lastMessageAt, time, now)}
          </Text>
        </Group>
      }
      description={
        <>
          <Group justify="space-between" wrap="nowrap" gap="xs" mt={2}>
            <Text size="xs" c="dimmed" truncate>
              {c.lastCustomerText ?? 'No message from the customer yet'}
            </Text>
            <StateBadge state={c.state} size="xs" />
          </Group>
          {c.state === 'waiting' && (
            <Text size="xs" c="orange.8" truncate data-testid="queue-info">
              {capitalized(names.queue(c.waitingSkillsetId))}
              {c.reservedForUserId ? ` · held for ${names.person(c.reservedForUserId)}` : ''}
              {c.waitingSince ? ` · waiting ${waitedFor(c.waitingSince, now)}` : ''}
            </Text>
          )}
        </>
      }
    />
  );
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function NoConversations({ view, filtered }: { view: InboxView; filtered: boolean }) {
  if (view !== 'all')
    return (
      <Text size="sm" c="dimmed" p="sm">
        {view === 'mine'
          ? 'No conversation is assigned to you. Go online to receive them.'
          : 'Nobody is waiting for you or your skillsets.'}
      </Text>
    );
  if (filtered)
    return (
      <Text size="sm" c="dimmed" p="sm">
        No conversation in this state.
      </Text>
    );
  return (
    <EmptyState icon={<IconMessages aria-hidden />} title="No conversations yet" size="sm">
      <EmptyState.Description>When customers write to one of your numbers, their conversations appear here.</EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/simulator" variant="light" size="xs">
          Play a customer
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
