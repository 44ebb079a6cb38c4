import { ActionIcon, Popover, SimpleGrid, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMoodSmile } from '@tabler/icons-react';

/** A few emoji people use with businesses, enough to try sentiment scoring ("😂" positive, "😡" negative). */
const EMOJI = ['😀', '😂', '😊', '😍', '👍', '🙏', '🎉', '❤️', '🤔', '😐', '😕', '😢', '😡', '👎', '🔥', '✅'];

export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <Popover opened={opened} onChange={(open) => !open && close()} position="top-start" withArrow shadow="md">
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" radius="xl" aria-label="Emoji" onClick={toggle}>
          <IconMoodSmile size={22} aria-hidden />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={6}>
        <SimpleGrid cols={8} spacing={2} verticalSpacing={2}>
          {EMOJI.map((emoji) => (
            <UnstyledButton
              key={emoji}
              aria-label={`Insert ${emoji}`}
              fz={22}
              p={2}
              style={{ lineHeight: 1, borderRadius: 6 }}
              onClick={() => {
                onPick(emoji);
                close();
              }}
            >
              {emoji}
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Popover.Dropdown>
    </Popover>
  );
}
