import { Group, Paper, Text } from '@mantine/core';
import type { ConversationNote } from '@parley/contracts';
import { IconLock } from '@tabler/icons-react';
import { useUserTime } from '../identity/session';

/** An internal note in the thread: centred, yellow and labelled, so nobody mistakes it for what the customer read. */
export function NoteBubble({ note }: { note: ConversationNote }) {
  const time = useUserTime();
  return (
    <Paper
      px="sm"
      py={6}
      radius="md"
      maw="85%"
      mx="auto"
      bg="yellow.0"
      withBorder
      style={{ borderColor: 'var(--mantine-color-yellow-4)', borderStyle: 'dashed' }}
      data-testid="note-bubble"
      data-note-id={note.id}
      aria-label="Internal note"
    >
      <Group gap={6} mb={2} wrap="nowrap">
        <IconLock size={12} aria-hidden />
        <Text size="xs" fw={600} c="yellow.9">
          Internal note · {note.authorName ?? 'API'} · only staff see this
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="note-text">
        {note.text}
      </Text>
      <Text size="xs" c="dimmed" ta="right" title={time.dateTime(note.createdAt)}>
        {time.time(note.createdAt)}
      </Text>
    </Paper>
  );
}
