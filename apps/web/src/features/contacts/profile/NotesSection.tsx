import { ActionIcon, Alert, Button, Group, Loader, Paper, Stack, Text, Textarea } from '@mantine/core';
import { MAX_NOTE_CHARS, type ContactNote } from '@parley/contracts';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { useUserTime } from '../../identity/session';
import { ProfileSection } from './ProfileSection';
import { useNoteMutations, useNotes } from './queries';

/** Notes staff keep on the contact: who wrote each and when; its author or an admin may edit or delete it. */
export function NotesSection({ contactId }: { contactId: string }) {
  const notes = useNotes(contactId);
  const { add } = useNoteMutations(contactId);
  const [draft, setDraft] = useState('');
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <ProfileSection title="Notes" testId="profile-notes">
      <Stack gap="sm">
        <Textarea
          aria-label="Add a note"
          placeholder="Add a note"
          data-testid="note-input"
          autosize
          minRows={2}
          maxLength={MAX_NOTE_CHARS}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button
            size="xs"
            data-testid="note-add"
            disabled={!draft.trim()}
            loading={add.isPending}
            onClick={() => add.mutate(draft, { onSuccess: () => setDraft('') })}
          >
            Add note
          </Button>
        </Group>
        {add.error && <Alert color="red">{errorMessage(add.error)}</Alert>}
        {notes.isPending && <Loader size="sm" aria-label="Loading notes" />}
        {notes.isError && <Alert color="red">{errorMessage(notes.error)}</Alert>}
        {notes.data && items.length === 0 && (
          <Text size="sm" c="dimmed">
            No notes yet.
          </Text>
        )}
        {items.map((note) => (
          <NoteItem key={note.id} contactId={contactId} note={note} />
        ))}
        {notes.hasNextPage && (
          <Button size="xs" variant="subtle" loading={notes.isFetchingNextPage} onClick={() => void notes.fetchNextPage()}>
            Show older notes
          </Button>
        )}
      </Stack>
    </ProfileSection>
  );
}

function NoteItem({ contactId, note }: { contactId: string; note: ContactNote }) {
  const time = useUserTime();
  const { edit, remove } = useNoteMutations(contactId);
  const [editing, setEditing] = useState<string | null>(null);
  const error = edit.error ?? remove.error;

  return (
    <Paper withBorder p="xs" radius="sm" data-testid="note" data-note-id={note.id}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="xs" c="dimmed" data-testid="note-meta">
          {note.author.name} · {time.dateTime(note.createdAt)}
          {note.editedAt ? ` · edited ${time.dateTime(note.editedAt)}` : ''}
        </Text>
        {note.canEdit && editing === null && (
          <Group gap={2} wrap="nowrap">
            <ActionIcon size="sm" variant="subtle" aria-label="Edit the note" onClick={() => setEditing(note.text)}>
              <IconPencil size={14} aria-hidden />
            </ActionIcon>
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              aria-label="Delete the note"
              loading={remove.isPending}
              onClick={() => remove.mutate(note.id)}
            >
              <IconTrash size={14} aria-hidden />
            </ActionIcon>
          </Group>
        )}
      </Group>
      {editing === null ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="note-text">
          {note.text}
        </Text>
      ) : (
        <Stack gap={4} mt={4}>
          <Textarea
            aria-label="Edit the note"
            autosize
            minRows={2}
            maxLength={MAX_NOTE_CHARS}
            value={editing}
            onChange={(e) => setEditing(e.currentTarget.value)}
          />
          <Group justify="flex-end" gap="xs">
            <Button size="compact-xs" variant="default" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button
              size="compact-xs"
              disabled={!editing.trim()}
              loading={edit.isPending}
              onClick={() => edit.mutate({ noteId: note.id, text: editing }, { onSuccess: () => setEditing(null) })}
            >
              Save
            </Button>
          </Group>
        </Stack>
      )}
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
    </Paper>
  );
}
