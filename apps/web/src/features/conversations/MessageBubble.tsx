import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { MessageView } from '@parley/contracts';
import { MessageStatusIcon } from '../../components/MessageStatusIcon';
import { SentimentBadge } from '../contacts/SentimentBadge';
import { MessageAttachment } from '../desk/MessageAttachment';
import { useUserTime } from '../identity/session';
import { senderLabels } from './labels';

/** Customer messages on the left, ours (bot, agents, Parley) on the right, as in agent desks people know. */
export function MessageBubble({ message: m, channelId }: { message: MessageView; channelId: string }) {
  const time = useUserTime();
  const inbound = m.direction === 'in';

  return (
    <Stack
      gap={2}
      align={inbound ? 'flex-start' : 'flex-end'}
      data-testid="message-bubble"
      data-direction={m.direction}
      data-status={m.status}
      data-message-id={m.id}
    >
      <Paper
        px="sm"
        py={6}
        radius="md"
        maw="80%"
        shadow="xs"
        bg={inbound ? 'white' : 'indigo.0'}
        style={{ borderTopLeftRadius: inbound ? 2 : undefined, borderTopRightRadius: inbound ? undefined : 2 }}
      >
        {!inbound && (
          <Group gap={6} mb={2}>
            <Text size="xs" fw={600} c="indigo.8">
              {senderLabels[m.senderType] ?? m.senderType}
            </Text>
            {m.isTemplate && (
              <Badge size="xs" variant="outline">
                Template
              </Badge>
            )}
          </Group>
        )}
        <MessageAttachment message={m} channelId={channelId} />
        {m.text !== null ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {m.text}
          </Text>
        ) : (
          <Text size="sm" fs="italic" c="dimmed">
            [{m.type}]
          </Text>
        )}
        <Group gap={6} justify="flex-end" mt={4} wrap="nowrap">
          {inbound && m.sentiment !== null && <SentimentBadge score={m.sentiment} />}
          <Text size="xs" c="dimmed" title={time.dateTime(m.createdAt)}>
            {time.time(m.createdAt)}
          </Text>
          {!inbound && <MessageStatusIcon status={m.status} size={15} />}
        </Group>
      </Paper>
      {m.status === 'failed' && (
        <Text size="xs" c="red.8" maw="80%" ta="right" data-testid="message-error">
          Not delivered: {m.error?.title ?? 'the provider gave no reason'}
          {m.error?.details ? ` (${m.error.details})` : ''}
          {m.error?.code !== null && m.error?.code !== undefined ? ` [code ${m.error.code}]` : ''}
        </Text>
      )}
    </Stack>
  );
}
