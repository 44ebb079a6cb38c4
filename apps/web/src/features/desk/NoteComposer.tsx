import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../lib/api';
import { useWriteNote } from './queries';

/** An internal note for the team: shown in the thread to staff only, never sent to the customer. */
export function NoteComposer({ conversationId }: { conversationId: string }) {
  const write = useWriteNote(conversationId);
  const [text, setText] = useState('');
  const submit = () => {
    const value = text.trim();
    if (value) write.mutate(value, { onSuccess: () => setText('') });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <Stack gap="xs">
      {write.isError && (
        <Alert color="red" p="xs">
          {errorMessage(write.error)}
        </Alert>
      )}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          aria-label="Internal note"
          placeholder="Write a note for your team — the customer never sees it"
          autosize
          minRows={1}
          maxRows={6}
          maxLength={4096}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          styles={{ input: { background: 'var(--mantine-color-yellow-0)' } }}
          style={{ flex: 1 }}
        />
        <Button
          color="yellow.7"
          leftSection={<IconLock size={16} aria-hidden />}
          onClick={submit}
          disabled={!text.trim()}
          loading={write.isPending}
        >
          Add note
        </Button>
      </Group>
    </Stack>
  );
}
