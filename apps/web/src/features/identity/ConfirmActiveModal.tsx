import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@parley/contracts';
import { errorMessage } from '../../lib/api';
import { useUpdateUser } from './queries';
import { useLastNonNull } from './useLastNonNull';

interface ConfirmActiveModalProps {
  /** The user to deactivate (if active) or reactivate (if not); null closes the modal. */
  user: User | null;
  onClose: () => void;
}

/** Deactivation signs someone out everywhere, so it is never one click away. */
export function ConfirmActiveModal({ user: target, onClose }: ConfirmActiveModalProps) {
  const updateUser = useUpdateUser();
  const user = useLastNonNull(target);
  const deactivating = user?.active ?? true;
  const verb = deactivating ? 'Deactivate' : 'Reactivate';

  const close = () => {
    updateUser.reset();
    onClose();
  };

  const confirm = () => {
    if (!target) return;
    updateUser.mutate(
      { id: target.id, body: { active: !target.active } },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'green',
            title: saved.active ? 'User reactivated' : 'User deactivated',
            message: saved.active ? `${saved.name} can sign in again.` : `${saved.name} was signed out and can no longer sign in.`,
          });
          close();
        },
      },
    );
  };

  return (
    <Modal opened={target !== null} onClose={close} title={user ? `${verb} ${user.name}?` : verb}>
      <Stack>
        <Text size="sm">
          {deactivating
            ? 'They will be signed out everywhere and can no longer sign in. Their history stays. You can reactivate them later.'
            : 'They will be able to sign in again with their password.'}
        </Text>
        {updateUser.isError && <Alert color="red">{errorMessage(updateUser.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color={deactivating ? 'red' : undefined} onClick={confirm} loading={updateUser.isPending}>
            {verb}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
