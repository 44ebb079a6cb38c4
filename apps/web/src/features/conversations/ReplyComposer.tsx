import { Alert, Anchor, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage, isApiError } from '../../lib/api';
import type { ConversationDetail } from './api';
import { useSendText } from './queries';

const MAX_LENGTH = 4096;

function TemplateHint() {
  return (
    <>
      {' '}
      Send a{' '}
      <Anchor component={Link} to="/templates" inherit>
        template
      </Anchor>{' '}
      instead: templates may be sent at any time.
    </>
  );
}

/** Free-form replies, allowed only while the customer's 24-hour window is open and the conversation is not closed. */
export function ReplyComposer({ conversation, windowOpen }: { conversation: ConversationDetail; windowOpen: boolean }) {
  const send = useSendText(conversation.id);
  const [text, setText] = useState('');
  const closed = conversation.state === 'closed';
  const disabled = !windowOpen || closed;
  const windowError = isApiError(send.error) && send.error.code === 'window_closed';

  const submit = () => {
    const value = text.trim();
    if (!value || disabled) return;
    send.mutate(value, { onSuccess: () => setText('') });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter starts a new line, as in every chat app.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <Stack gap="xs">
      {!windowOpen && (
        <Text size="xs" c="orange.9" data-testid="composer-disabled-reason">
          Window closed: only templates. The customer last wrote more than 24 hours ago (or never), so WhatsApp accepts only templates.
          <TemplateHint />
        </Text>
      )}
      {windowOpen && closed && (
        <Text size="xs" c="dimmed" data-testid="composer-disabled-reason">
          This conversation is closed. The customer’s next message opens it again.
        </Text>
      )}
      {send.isError && (
        <Alert color={windowError ? 'orange' : 'red'} p="xs" data-testid="composer-error">
          {errorMessage(send.error)}
          {windowError && <TemplateHint />}
        </Alert>
      )}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          aria-label="Reply"
          placeholder={disabled ? undefined : 'Write a reply… (Enter sends, Shift+Enter for a new line)'}
          autosize
          minRows={1}
          maxRows={6}
          maxLength={MAX_LENGTH}
          value={text}
          disabled={disabled}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          style={{ flex: 1 }}
        />
        <Button
          leftSection={<IconSend size={16} aria-hidden />}
          onClick={submit}
          disabled={disabled || !text.trim()}
          loading={send.isPending}
        >
          Send
        </Button>
      </Group>
    </Stack>
  );
}
