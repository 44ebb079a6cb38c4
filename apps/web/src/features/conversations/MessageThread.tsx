import { ScrollArea, Stack, Text } from '@mantine/core';
import type { ConversationNote, MessageView } from '@parley/contracts';
import { useEffect, useRef } from 'react';
import { NoteBubble } from '../desk/NoteBubble';
import { MessageBubble } from './MessageBubble';

type Entry = { kind: 'message'; message: MessageView } | { kind: 'note'; note: ConversationNote };

/** Messages in the server's order, with each internal note placed before the first message that came after it. */
function interleave(messages: MessageView[], notes: ConversationNote[]): Entry[] {
  const out: Entry[] = [];
  let n = 0;
  for (const message of messages) {
    while (n < notes.length && notes[n]!.createdAt < message.createdAt) out.push({ kind: 'note', note: notes[n++]! });
    out.push({ kind: 'message', message });
  }
  while (n < notes.length) out.push({ kind: 'note', note: notes[n++]! });
  return out;
}

/** The messages and the team's internal notes, oldest first, kept scrolled to the newest as they arrive. */
export function MessageThread({
  messages,
  notes = [],
  channelId,
}: {
  messages: MessageView[];
  notes?: ConversationNote[];
  channelId: string;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const entries = interleave(messages, notes);
  const last = entries.at(-1);
  const lastKey = last ? (last.kind === 'message' ? last.message.id : last.note.id) : undefined;

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lastKey, entries.length]);

  return (
    <ScrollArea viewportRef={viewport} style={{ flex: 1 }} bg="gray.0" type="auto">
      <Stack gap="xs" p="sm" role="log" aria-label="Messages">
        {entries.length === 0 && (
          <Text size="sm" c="dimmed" ta="center">
            No messages yet.
          </Text>
        )}
        {entries.map((e) =>
          e.kind === 'message' ? (
            <MessageBubble key={e.message.id} message={e.message} channelId={channelId} />
          ) : (
            <NoteBubble key={e.note.id} note={e.note} />
          ),
        )}
      </Stack>
    </ScrollArea>
  );
}
