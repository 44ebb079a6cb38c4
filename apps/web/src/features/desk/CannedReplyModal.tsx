import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { cannedPlaceholderKeys, type CannedReply } from '@parley/contracts';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../lib/api';
import { useLastNonNull } from '../identity/useLastNonNull';
import { useSaveCannedReply } from './queries';

/** Add or edit a canned reply: its title, its `/shortcut` and its text with placeholders. */
export function CannedReplyModal({ target, onClose }: { target: CannedReply | 'new' | null; onClose: () => void }) {
  const shown = useLastNonNull(target);
  return (
    <Modal opened={target !== null} onClose={onClose} title={shown === 'new' ? 'Add a canned reply' : 'Edit canned reply'} size="lg">
      {target !== null && (
        <CannedReplyForm key={target === 'new' ? 'new' : target.id} reply={target === 'new' ? null : target} onDone={onClose} />
      )}
    </Modal>
  );
}

function CannedReplyForm({ reply, onDone }: { reply: CannedReply | null; onDone: () => void }) {
  const save = useSaveCannedReply();
  const [title, setTitle] = useState(reply?.title ?? '');
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? '/');
  const [text, setText] = useState(reply?.text ?? '');
  const issue = (field: string) => (isApiError(save.error) ? save.error.issues.find((i) => i.field === field)?.message : undefined);

  const submit = () =>
    save.mutate(
      { id: reply?.id ?? null, body: { title, shortcut, text } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'green', title: 'Canned reply saved', message: `Type ${saved.shortcut} in the composer to use it.` });
          onDone();
        },
      },
    );

  return (
    <Stack>
      <TextInput
        label="Title"
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={issue('title')}
        required
        maxLength={80}
      />
      <TextInput
        label="Shortcut"
        description="Agents type it in the composer, e.g. /hello"
        value={shortcut}
        onChange={(e) => setShortcut(e.currentTarget.value)}
        error={issue('shortcut')}
        required
        maxLength={33}
      />
      <Textarea
        label="Text"
        description={`Placeholders: ${cannedPlaceholderKeys.map((k) => `{{${k}}}`).join(', ')}, {{attr.<key>}}; a fallback after a bar: {{first_name|there}}`}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={issue('text')}
        autosize
        minRows={3}
        maxRows={10}
        required
        maxLength={4096}
      />
      {save.isError && !issue('title') && !issue('shortcut') && !issue('text') && <Alert color="red">{errorMessage(save.error)}</Alert>}
      <Text size="xs" c="dimmed">
        The reply is inserted in the composer with the customer’s values; the agent can still edit it before sending.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={submit} loading={save.isPending} disabled={!title.trim() || shortcut.length < 2 || !text.trim()}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}
