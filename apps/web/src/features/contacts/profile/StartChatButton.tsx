import { Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ContactProfile } from '@parley/contracts';
import { IconMessageCircle, IconTemplate } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useNow } from '../../../lib/useNow';
import { useUserTime } from '../../identity/session';

/**
 * Start chat opens the open conversation while the agent may write free-form (WhatsApp: the 24-hour window);
 * otherwise it is disabled and a template is offered instead (the window re-opens when the customer answers).
 */
export function StartChatButton({ startChat }: { startChat: ContactProfile['startChat'] }) {
  const time = useUserTime();
  const now = useNow();
  // The window may close while the page stays open.
  const expired = startChat.windowClosesAt !== null && new Date(startChat.windowClosesAt) <= now;
  const available = startChat.available && !expired;
  if (available && startChat.conversationId) {
    return (
      <Stack gap={2} align="flex-end">
        <Button
          component={Link}
          to={`/inbox/${startChat.conversationId}`}
          leftSection={<IconMessageCircle size={16} aria-hidden />}
          data-testid="profile-start-chat"
        >
          Start chat
        </Button>
        {startChat.windowClosesAt && (
          <Text size="xs" c="dimmed">
            Window open until {time.dateTime(startChat.windowClosesAt)}
          </Text>
        )}
      </Stack>
    );
  }
  const why =
    startChat.reason === 'no_open_conversation'
      ? 'No open conversation: one starts when the customer writes, or send a template.'
      : 'The 24-hour window is closed: send a template instead.';
  return (
    <Stack gap={2} align="flex-end">
      <Group gap="xs">
        <Tooltip label={why}>
          <Button disabled leftSection={<IconMessageCircle size={16} aria-hidden />} data-testid="profile-start-chat">
            Start chat
          </Button>
        </Tooltip>
        <Button
          component={Link}
          to="/campaigns/new"
          variant="light"
          leftSection={<IconTemplate size={16} aria-hidden />}
          data-testid="profile-send-template"
        >
          Send a template
        </Button>
      </Group>
      <Text size="xs" c="dimmed" data-testid="profile-start-chat-reason">
        {why}
      </Text>
    </Stack>
  );
}
