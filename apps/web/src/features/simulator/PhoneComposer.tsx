import { ActionIcon, Group, Textarea } from '@mantine/core';
import { IconSend2 } from '@tabler/icons-react';
import { useRef, useState, type KeyboardEvent } from 'react';
import { EmojiPicker } from './EmojiPicker';

interface PhoneComposerProps {
  disabled: boolean;
  onSend: (text: string) => void;
}

const MAX_LENGTH = 4096;

/** WhatsApp's bottom bar: emoji, the message field and a round send button. Enter sends, Shift+Enter adds a line. */
export function PhoneComposer({ disabled, onSend }: PhoneComposerProps) {
  const [text, setText] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);

  const submit = () => {
    if (disabled || !text.trim()) return;
    onSend(text.trim());
    setText('');
    field.current?.focus();
  };

  const insert = (emoji: string) => {
    const el = field.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <Group gap={4} wrap="nowrap" align="flex-end" px={6} py={6} bg="#f0f2f5">
      <EmojiPicker onPick={insert} />
      <Textarea
        ref={field}
        aria-label="Message"
        placeholder="Message"
        autosize
        minRows={1}
        maxRows={5}
        maxLength={MAX_LENGTH}
        radius="xl"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        style={{ flex: 1 }}
      />
      <ActionIcon
        size={38}
        radius="xl"
        color="#00a884"
        variant="filled"
        aria-label="Send"
        disabled={disabled || !text.trim()}
        onClick={submit}
      >
        <IconSend2 size={20} aria-hidden />
      </ActionIcon>
    </Group>
  );
}
