import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ComponentType, FormEventHandler, ReactNode } from 'react';

/** What a dialog's form gets: how to give up, and how to say the channel now exists. */
export interface ChannelFormProps<C> {
  onCancel: () => void;
  onCreated: (channel: C) => void;
}

interface ChannelFormDialogProps<C> {
  opened: boolean;
  onClose: () => void;
  /** Called with the new channel once the dialog has closed, so what comes next (webhook, snippet) can be shown. */
  onCreated: (channel: C) => void;
  title: string;
  /** Rendered only while open (Mantine unmounts a closed modal's content), so every opening starts afresh. */
  Form: ComponentType<ChannelFormProps<C>>;
}

/** The frame every "add a channel" dialog shares: a modal holding one form, closed once the channel exists. */
export function ChannelFormDialog<C>({ opened, onClose, onCreated, title, Form }: ChannelFormDialogProps<C>) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <Form
        onCancel={onClose}
        onCreated={(channel) => {
          onClose();
          onCreated(channel);
        }}
      />
    </Modal>
  );
}

interface ChannelFormFrameProps {
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  /** A problem no field shows (the server's, or one about the whole form). */
  formError: string | null;
  pending: boolean;
  submitLabel: string;
  children: ReactNode;
}

/** The form's fields, then its error and the Cancel / submit buttons. */
export function ChannelFormFrame({ onSubmit, onCancel, formError, pending, submitLabel, children }: ChannelFormFrameProps) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {children}
        {formError && <Alert color="red">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
