import { ActionIcon, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { BotForm } from './form';

/** An error the server or the schema put on a whole list or entry (no single input holds it). */
export function SlotError({ form, path }: { form: BotForm; path: string }) {
  const error = form.errors[path];
  if (!error) return null;
  return (
    <Text size="xs" c="red.8" role="alert" data-error-slot={path}>
      {error}
    </Text>
  );
}

/** One part of the personality, as a titled card. */
export function Section({
  id,
  title,
  description,
  children,
  aside,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={`${id}-heading`} data-section={id}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={3} size="h4" id={`${id}-heading`}>
              {title}
            </Title>
            {description && (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            )}
          </div>
          {aside && <div style={{ flexShrink: 0 }}>{aside}</div>}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

interface ItemControlsProps {
  /** "option 2", "FAQ entry 3"… for the buttons' accessible names. */
  name: string;
  index: number;
  count: number;
  onMove?: (from: number, to: number) => void;
  onRemove: () => void;
}

/** Move up / down / remove for one entry of a list. */
export function ItemControls({ name, index, count, onMove, onRemove }: ItemControlsProps) {
  return (
    <Group gap={4} wrap="nowrap">
      {onMove && (
        <>
          <Tooltip label="Move up">
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
              aria-label={`Move ${name} up`}
            >
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Move down">
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1)}
              aria-label={`Move ${name} down`}
            >
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <Tooltip label="Remove">
        <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${name}`}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** "12/20" under a field with a character limit counted as WhatsApp counts (an emoji is one). */
export function charCount(value: string, max: number): string {
  return `${[...value].length}/${max}`;
}
