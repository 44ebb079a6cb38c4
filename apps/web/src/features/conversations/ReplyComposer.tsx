import { ActionIcon, Alert, Button, CloseButton, FileButton, Group, SegmentedControl, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { ATTACHMENT_MAX_BYTES, attachmentRules, attachmentTypeOf } from '@parley/contracts';
import { IconFileDescription, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage, isApiError } from '../../lib/api';
import { useContact } from '../contacts/queries';
import { placeholderValues } from '../desk/canned';
import { CannedSuggestions } from '../desk/CannedSuggestions';
import { NoteComposer } from '../desk/NoteComposer';
import { useCannedReplies, useContactAttributes, useSendFile } from '../desk/queries';
import { TemplatePicker } from '../desk/TemplatePicker';
import { useCannedCompletion } from '../desk/useCannedCompletion';
import { useCurrentUser } from '../identity/session';
import type { ConversationDetail } from './api';
import { useSendText } from './queries';

const MAX_LENGTH = 4096;
const ACCEPT = Object.values(attachmentRules)
  .flatMap((r) => r.mimeTypes)
  .join(',');

type Mode = 'reply' | 'note';

/** The composer: a reply to the customer (text, a canned reply, a file, or a template), or an internal note. */
export function ReplyComposer({ conversation, windowOpen }: { conversation: ConversationDetail; windowOpen: boolean }) {
  const [mode, setMode] = useState<Mode>('reply');
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        w="fit-content"
        aria-label="Write"
        value={mode}
        onChange={(v) => setMode(v === 'note' ? 'note' : 'reply')}
        data={[
          { value: 'reply', label: 'Reply' },
          { value: 'note', label: 'Internal note' },
        ]}
      />
      {mode === 'reply' ? (
        <ReplyForm conversation={conversation} windowOpen={windowOpen} />
      ) : (
        <NoteComposer conversationId={conversation.id} />
      )}
    </Stack>
  );
}

/**
 * Free-form replies only while the customer's 24-hour window is open (WhatsApp) and the conversation is not closed;
 * outside the window, a template is the way. `/` offers the canned replies.
 */
function ReplyForm({ conversation, windowOpen }: { conversation: ConversationDetail; windowOpen: boolean }) {
  const me = useCurrentUser();
  const sendText = useSendText(conversation.id);
  const sendFile = useSendFile(conversation.id);
  const replies = useCannedReplies();
  const contact = useContact(conversation.contactId);
  const attributes = useContactAttributes(conversation.contactId);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const closed = conversation.state === 'closed';
  const whatsapp = conversation.channelKind === 'whatsapp';
  // The widget shows text only; WhatsApp and Telegram take files, each under its own rules.
  const takesFiles = whatsapp || conversation.channelKind === 'telegram';
  const disabled = !windowOpen || closed;
  const completion = useCannedCompletion(
    text,
    setText,
    textarea,
    replies.data ?? [],
    placeholderValues(contact.data, attributes.data, me.name),
  );
  const error = sendText.error ?? sendFile.error;
  const windowError = isApiError(error) && error.code === 'window_closed';
  const pending = sendText.isPending || sendFile.isPending;

  const attach = (picked: File | null) => {
    setFileError(picked ? (whatsapp ? checkWhatsAppFile(picked) : checkTelegramFile(picked)) : null);
    setFile(picked);
  };

  const submit = () => {
    if (disabled || pending) return;
    const value = text.trim();
    const done = () => {
      setText('');
      setFile(null);
    };
    if (file) {
      if (!fileError) sendFile.mutate({ file, caption: value }, { onSuccess: done });
    } else if (value) sendText.mutate(value, { onSuccess: done });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (completion.onKeyDown(event)) return;
    // Enter sends, Shift+Enter starts a new line, as in every chat app.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <Stack gap="xs">
      {!windowOpen && (
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="orange.9" data-testid="composer-disabled-reason">
            Window closed: only templates. The customer last wrote more than 24 hours ago (or never), so WhatsApp accepts only templates.
          </Text>
          <Button size="xs" onClick={() => setPicking(true)} leftSection={<IconFileDescription size={14} aria-hidden />}>
            Send a template
          </Button>
        </Group>
      )}
      {windowOpen && closed && (
        <Text size="xs" c="dimmed" data-testid="composer-disabled-reason">
          This conversation is closed. The customer’s next message opens it again.
        </Text>
      )}
      {error && (
        <Alert color={windowError ? 'orange' : 'red'} p="xs" data-testid="composer-error">
          {errorMessage(error)}
          {windowError && ' Send a template instead: templates may be sent at any time.'}
        </Alert>
      )}
      {file && (
        <Group gap="xs" wrap="nowrap" data-testid="composer-attachment">
          <IconPaperclip size={14} aria-hidden />
          <Text size="sm" truncate>
            {file.name} · {sizeText(file.size)}
          </Text>
          <CloseButton size="sm" aria-label="Remove the file" onClick={() => attach(null)} />
          {fileError && (
            <Text size="xs" c="red.8" data-testid="attachment-error">
              {fileError}
            </Text>
          )}
        </Group>
      )}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <div style={{ flex: 1, position: 'relative' }}>
          {completion.suggestions && !disabled && (
            <CannedSuggestions
              replies={completion.suggestions}
              active={completion.active}
              onPick={completion.pick}
              onHover={completion.setActive}
            />
          )}
          <Textarea
            ref={textarea}
            aria-label="Reply"
            placeholder={disabled ? undefined : file ? 'Add a caption (optional)' : 'Write a reply… (/ for canned replies, Enter sends)'}
            autosize
            minRows={1}
            maxRows={6}
            maxLength={MAX_LENGTH}
            value={text}
            disabled={disabled}
            onChange={(event) => {
              setText(event.currentTarget.value);
              completion.track(event.currentTarget);
            }}
            onSelect={(event) => completion.track(event.currentTarget)}
            onKeyDown={onKeyDown}
          />
        </div>
        {takesFiles && (
          <FileButton onChange={attach} {...(whatsapp ? { accept: ACCEPT } : {})} disabled={disabled}>
            {(props) => (
              <Tooltip label="Attach a file (image, audio, video or document)">
                <ActionIcon {...props} variant="default" size="lg" aria-label="Attach a file" disabled={disabled}>
                  <IconPaperclip size={18} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        )}
        {whatsapp && windowOpen && !closed && (
          <Tooltip label="Send a template">
            <ActionIcon variant="default" size="lg" aria-label="Send a template" onClick={() => setPicking(true)}>
              <IconFileDescription size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
        <Button
          leftSection={<IconSend size={16} aria-hidden />}
          onClick={submit}
          disabled={disabled || (file ? Boolean(fileError) : !text.trim())}
          loading={pending}
        >
          Send
        </Button>
      </Group>
      {whatsapp && (
        <TemplatePicker
          conversationId={conversation.id}
          channelId={conversation.channelId}
          opened={picking}
          onClose={() => setPicking(false)}
        />
      )}
    </Stack>
  );
}

/** WhatsApp's rules, checked before uploading (the server checks them again). */
function checkWhatsAppFile(file: File): string | null {
  const kind = attachmentTypeOf(file.type);
  if (!kind) return `WhatsApp does not take ${file.type || 'files of this type'}: send JPEG or PNG images, audio, MP4 video or documents.`;
  if (file.size === 0) return 'The file is empty.';
  const cap = attachmentRules[kind].maxBytes;
  if (file.size > Math.min(cap, ATTACHMENT_MAX_BYTES)) return `Too large: WhatsApp takes ${kind} files up to ${sizeText(cap)}.`;
  return null;
}

// Telegram's caps for files a bot uploads: photos (JPEG, PNG, WebP) 10 MB, anything else 50 MB (sent as a document
// when it is not MP4 video or MP3/M4A audio). The server checks them again.
const TELEGRAM_PHOTO = /^image\/(jpeg|png|webp)$/;

function checkTelegramFile(file: File): string | null {
  if (file.size === 0) return 'The file is empty.';
  const photo = TELEGRAM_PHOTO.test(file.type);
  const cap = (photo ? 10 : 50) * 1024 * 1024;
  if (file.size > cap) return `Too large: Telegram takes ${photo ? 'photos' : 'files'} up to ${sizeText(cap)}.`;
  return null;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
