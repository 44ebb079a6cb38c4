import { ScrollArea, Stack, Text } from '@mantine/core';
import type { MessageView } from '@parley/contracts';
import { useEffect, useRef } from 'react';
import { MessageBubble } from './MessageBubble';

/** The messages, oldest first, kept scrolled to the newest as they arrive. */
export function MessageThread({ messages }: { messages: MessageView[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [last?.id, messages.length]);

  return (
    <ScrollArea viewportRef={viewport} style={{ flex: 1 }} bg="gray.0" type="auto">
      <Stack gap="xs" p="sm" role="log" aria-label="Messages">
        {messages.length === 0 && (
          <Text size="sm" c="dimmed" ta="center">
            No messages yet.
          </Text>
        )}
        {messages.map((message) => (
          <MessageBubble key={message.id} message={message} />
        ))}
      </Stack>
    </ScrollArea>
  );
}
