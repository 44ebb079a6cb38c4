import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useCloseConversation } from './queries';

interface CloseConversationModalProps {
  conversationId: string;
  opened: boolean;
  reasons: string[];
  onClose: () => void;
}

export function CloseConversationModal({ conversationId, opened, reasons, onClose }: CloseConversationModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Close this conversation">
      <CloseForm conversationId={conversationId} reasons={reasons} onDone={onClose} />
    </Modal>
  );
}

function CloseForm({ conversationId, reasons, onDone }: { conversationId: string; reasons: string[]; onDone: () => void }) {
  const close = useCloseConversation(conversationId);
  const [reason, setReason] = useState<string | null>(reasons[0] ?? null);

  const submit = () => {
    if (!reason) return;
    close.mutate(reason, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Conversation closed', message: `Reason: ${reason}.` });
        onDone();
      },
    });
  };

  return (
    <Stack>
      <Text size="sm">The customer’s next message opens it again, with the bot.</Text>
      <Select label="Reason" required allowDeselect={false} data={reasons} value={reason} onChange={setReason} data-autofocus />
      {close.isError && <Alert color="red">{errorMessage(close.error)}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={submit} disabled={!reason} loading={close.isPending}>
          Close conversation
        </Button>
      </Group>
    </Stack>
  );
}
