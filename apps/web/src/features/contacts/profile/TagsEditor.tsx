import { Alert, Badge, CloseButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconTag } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { useTagChange } from './queries';

/** The contact's tags: type one and press Enter to add it; × removes one. */
export function TagsEditor({ contactId, tags }: { contactId: string; tags: string[] }) {
  const change = useTagChange(contactId);
  const [draft, setDraft] = useState('');

  const add = () => {
    const tag = draft.trim();
    if (!tag) return;
    change.mutate({ tag, add: true }, { onSuccess: () => setDraft('') });
  };

  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Tags
      </Text>
      <Group gap={4} data-testid="profile-tags">
        {tags.length === 0 && (
          <Text size="sm" c="dimmed">
            No tags
          </Text>
        )}
        {tags.map((tag) => (
          <Badge
            key={tag}
            variant="outline"
            tt="none"
            data-testid="profile-tag"
            rightSection={
              <CloseButton
                size="xs"
                aria-label={`Remove the tag ${tag}`}
                disabled={change.isPending}
                onClick={() => change.mutate({ tag, add: false })}
              />
            }
          >
            {tag}
          </Badge>
        ))}
      </Group>
      <TextInput
        size="xs"
        placeholder="Add a tag and press Enter"
        aria-label="Add a tag"
        data-testid="profile-add-tag"
        leftSection={<IconTag size={14} aria-hidden />}
        maxLength={60}
        value={draft}
        disabled={change.isPending}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') add();
        }}
      />
      {change.error && <Alert color="red">{errorMessage(change.error)}</Alert>}
    </Stack>
  );
}
