import { ActionIcon, Alert, Badge, Button, Group, Loader, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconSortAscending, IconSortDescending, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { useUserTime } from '../../identity/session';
import { durationText } from '../format';
import { ProfileSection } from './ProfileSection';
import { useSessions } from './queries';

/** When they interacted: sessions with start, end, duration, channel, bot, agent and goals (starred). */
export function SessionsSection({ contactId }: { contactId: string }) {
  const time = useUserTime();
  const [search, setSearch] = useState('');
  const [bot] = useDebouncedValue(search, 300);
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const sessions = useSessions(contactId, { order, bot });
  const items = sessions.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <ProfileSection
      title="Sessions"
      testId="profile-sessions"
      extra={
        <Group gap="xs" wrap="nowrap">
          <TextInput
            size="xs"
            placeholder="Search by bot"
            aria-label="Search sessions by bot"
            data-testid="sessions-search"
            leftSection={<IconSearch size={14} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <Tooltip label={order === 'desc' ? 'Newest end first' : 'Oldest end first'}>
            <ActionIcon
              variant="default"
              aria-label="Sort by end time"
              data-testid="sessions-sort"
              data-order={order}
              onClick={() => setOrder(order === 'desc' ? 'asc' : 'desc')}
            >
              {order === 'desc' ? <IconSortDescending size={16} aria-hidden /> : <IconSortAscending size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        </Group>
      }
    >
      {sessions.isPending && <Loader size="sm" aria-label="Loading sessions" />}
      {sessions.isError && <Alert color="red">{errorMessage(sessions.error)}</Alert>}
      {sessions.data && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {bot.trim() ? 'No session with a bot of that name.' : 'No sessions yet.'}
        </Text>
      )}
      {items.length > 0 && (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} fz="sm" aria-label="Sessions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={24} />
                  <Table.Th>Start</Table.Th>
                  <Table.Th>End</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Bot</Table.Th>
                  <Table.Th>Agent</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => (
                  <Table.Tr key={s.id} data-testid="profile-session" data-starred={s.goals.length > 0}>
                    <Table.Td>
                      {s.goals.length > 0 && (
                        <Tooltip label={`Goals: ${s.goals.join(', ')}`}>
                          <IconStarFilled
                            size={14}
                            color="var(--mantine-color-yellow-6)"
                            aria-label={`Goals completed: ${s.goals.join(', ')}`}
                          />
                        </Tooltip>
                      )}
                    </Table.Td>
                    <Table.Td>{time.dateTime(s.startedAt)}</Table.Td>
                    <Table.Td>{time.dateTime(s.endedAt)}</Table.Td>
                    <Table.Td>{durationText(s.durationSeconds)}</Table.Td>
                    <Table.Td>{s.channel.name}</Table.Td>
                    <Table.Td>
                      {s.bot ?? (
                        <Text span c="dimmed" inherit>
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {s.agentInvolved ? (
                        <Badge size="xs" variant="light">
                          Yes
                        </Badge>
                      ) : (
                        'No'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {sessions.hasNextPage && (
            <Button size="xs" variant="subtle" loading={sessions.isFetchingNextPage} onClick={() => void sessions.fetchNextPage()}>
              Show more sessions
            </Button>
          )}
        </Stack>
      )}
    </ProfileSection>
  );
}
