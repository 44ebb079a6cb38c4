import { Kbd, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import type { CannedReply } from '@parley/contracts';

interface CannedSuggestionsProps {
  replies: CannedReply[];
  active: number;
  onPick: (reply: CannedReply) => void;
  onHover: (index: number) => void;
}

/** The canned replies matching the `/shortcut` being typed, above the composer; ↑ ↓ choose, Enter or Tab insert. */
export function CannedSuggestions({ replies, active, onPick, onHover }: CannedSuggestionsProps) {
  return (
    <Paper
      withBorder
      shadow="md"
      radius="md"
      p={4}
      pos="absolute"
      bottom="100%"
      left={0}
      right={0}
      mb={4}
      style={{ zIndex: 20 }}
      role="listbox"
      aria-label="Canned replies"
      data-testid="canned-suggestions"
    >
      {replies.length === 0 ? (
        <Text size="sm" c="dimmed" p="xs">
          No canned reply with that shortcut.
        </Text>
      ) : (
        <Stack gap={2}>
          {replies.map((r, i) => (
            <UnstyledButton
              key={r.id}
              role="option"
              aria-selected={i === active}
              data-testid="canned-option"
              data-shortcut={r.shortcut}
              // mousedown, not click: the textarea keeps its focus and caret.
              onMouseDown={(event) => {
                event.preventDefault();
                onPick(r);
              }}
              onMouseEnter={() => onHover(i)}
              px="xs"
              py={4}
              style={{ borderRadius: 6, background: i === active ? 'var(--mantine-color-indigo-0)' : undefined }}
            >
              <Text size="sm" fw={600} span>
                {r.shortcut}
              </Text>{' '}
              <Text size="sm" span>
                {r.title}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {r.text}
              </Text>
            </UnstyledButton>
          ))}
          <Text size="xs" c="dimmed" px="xs">
            <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> to choose, <Kbd size="xs">Enter</Kbd> to insert, <Kbd size="xs">Esc</Kbd> to close
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
