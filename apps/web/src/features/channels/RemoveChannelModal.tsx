import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Channel } from '@parley/contracts';
import { ConfirmRemovalModal } from '../../components/ConfirmRemovalModal';
import { useLastNonNull } from '../identity/useLastNonNull';
import { channelAddress } from './labels';
import { useRemoveChannel } from './queries';

/** Removing a number stops all traffic on it at once: always confirmed. */
export function RemoveChannelModal({ channel: target, onClose }: { channel: Channel | null; onClose: () => void }) {
  const channel = useLastNonNull(target);
  const remove = useRemoveChannel();

  const close = () => {
    remove.reset();
    onClose();
  };

  const confirm = () => {
    if (!target) return;
    remove.mutate(target.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Channel removed', message: `“${target.name}” is no longer connected.` });
        close();
      },
    });
  };

  return (
    <ConfirmRemovalModal
      opened={target !== null}
      title={channel ? `Remove “${channel.name}”?` : 'Remove channel?'}
      onCancel={close}
      onConfirm={confirm}
      pending={remove.isPending}
      error={remove.isError ? remove.error : null}
      action="Remove"
    >
      <Text size="sm">
        Parley stops receiving and sending messages on {channel ? channelAddress(channel) : 'this channel'} at once. Its contacts and
        conversation history stay. You can connect it again later.
      </Text>
    </ConfirmRemovalModal>
  );
}
