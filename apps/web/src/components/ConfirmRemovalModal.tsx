import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../lib/api';

/**
 * Every "delete this?" confirmation has one shape: what it breaks (children), the server's refusal if any, then
 * Cancel and the red action. The caller owns the mutation and says what happens on success.
 */
export function ConfirmRemovalModal(props: {
  opened: boolean;
  title: string;
  onCancel: () => void;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
  /** The red button's label. */
  action?: string;
  children: ReactNode;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onCancel} title={props.title}>
      <Stack>
        {props.children}
        {props.error ? <Alert color="red">{errorMessage(props.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button color="red" onClick={props.onConfirm} loading={props.pending}>
            {props.action ?? 'Delete'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
