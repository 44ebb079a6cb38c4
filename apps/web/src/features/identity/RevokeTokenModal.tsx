import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ApiToken } from '@parley/contracts';
import { errorMessage } from '../../lib/api';
import { useRevokeApiToken } from './queries';
import { useLastNonNull } from './useLastNonNull';

/** Revoking breaks whatever uses the token, at once and for good: always confirmed. */
export function RevokeTokenModal({ token: target, onClose }: { token: ApiToken | null; onClose: () => void }) {
  const token = useLastNonNull(target);
  const revoke = useRevokeApiToken();

  const close = () => {
    revoke.reset();
    onClose();
  };

  const confirm = () => {
    if (!target) return;
    revoke.mutate(target.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Token revoked', message: `“${target.name}” no longer works.` });
        close();
      },
    });
  };

  return (
    <Modal opened={target !== null} onClose={close} title={token ? `Revoke “${token.name}”?` : 'Revoke token?'}>
      <Stack>
        <Text size="sm">Anything using this token stops working at once. This cannot be undone.</Text>
        {revoke.isError && <Alert color="red">{errorMessage(revoke.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={revoke.isPending}>
            Revoke
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
