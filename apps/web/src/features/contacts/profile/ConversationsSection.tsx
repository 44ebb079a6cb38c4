import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { stateColors, stateLabels } from '../../conversations/labels';
import { useUserTime } from '../../identity/session';
import { ProfileSection } from './ProfileSection';
import { useContactConversations } from './queries';

/** Their conversations with the bot and with agents, on every channel; each opens its full thread. */
export function ConversationsSection({ contactId }: { contactId: string }) {
  const time = useUserTime();
  const conversations = useContactConversations(contactId);
  const items = conversations.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <ProfileSection title="Conversations" testId="profile-conversations">
      {conversations.isPending && <Loader size="sm" aria-label="Loading conversations" />}
      {conversations.isError && <Alert color="red">{errorMessage(conversations.error)}</Alert>}
      {conversations.data && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No conversations yet.
        </Text>
      )}
      <Stack gap="xs">
        {items.map((c) => (
          <Group key={c.id} justify="space-between" wrap="nowrap" align="flex-start" data-testid="profile-conversation">
            <div style={{ minWidth: 0 }}>
              <Group gap={6}>
                <Anchor component={Link} to={`/inbox/${c.id}`} size="sm" fw={500}>
                  {c.channelName}
                </Anchor>
                <Badge size="xs" variant="light" color={stateColors[c.state]}>
                  {stateLabels[c.state]}
                </Badge>
                <Badge size="xs" variant="outline" color={c.hadAgent ? 'indigo' : 'teal'}>
                  {c.hadAgent ? 'Bot and agent' : 'Bot only'}
                </Badge>
              </Group>
              {c.lastCustomerText && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  “{c.lastCustomerText}”
                </Text>
              )}
            </div>
            <Text size="xs" c="dimmed" ta="right" style={{ whiteSpace: 'nowrap' }}>
              {time.dateTime(c.lastMessageAt)}
              <br />
              {c.messageCount} message{c.messageCount === 1 ? '' : 's'}
            </Text>
          </Group>
        ))}
        {conversations.hasNextPage && (
          <Button size="xs" variant="subtle" loading={conversations.isFetchingNextPage} onClick={() => void conversations.fetchNextPage()}>
            Show older conversations
          </Button>
        )}
      </Stack>
    </ProfileSection>
  );
}
