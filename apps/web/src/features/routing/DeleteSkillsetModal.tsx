import { Alert, List, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Skillset } from '@parley/contracts';
import { ConfirmRemovalModal } from '../../components/ConfirmRemovalModal';
import { useBotSettingsQuery } from '../bot/queries';
import { useLastNonNull } from '../identity/useLastNonNull';
import { useDeleteSkillset } from './queries';

/** Deleting a skillset empties its queue's routing and can break the bot's menu: always confirmed, with what it breaks. */
export function DeleteSkillsetModal({ skillset: target, onClose }: { skillset: Skillset | null; onClose: () => void }) {
  const skillset = useLastNonNull(target);
  const remove = useDeleteSkillset();
  // Only admins delete, and only admins read the bot's settings: the query runs for the people who see this.
  const bot = useBotSettingsQuery(target !== null);
  const menuOptions = (bot.data?.personality.menu?.options ?? []).filter((o) => o.skillsetId === skillset?.id);

  const close = () => {
    remove.reset();
    onClose();
  };

  const confirm = () => {
    if (!target) return;
    remove.mutate(target.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Skillset deleted', message: `“${target.name}” was deleted.` });
        close();
      },
    });
  };

  return (
    <ConfirmRemovalModal
      opened={target !== null}
      title={skillset ? `Delete “${skillset.name}”?` : 'Delete skillset?'}
      onCancel={close}
      onConfirm={confirm}
      pending={remove.isPending}
      error={remove.isError ? remove.error : null}
    >
      <Text size="sm">
        Its members are released from it and it can no longer be chosen for a handoff or a transfer. Conversations it handled keep their
        history.
      </Text>
      {menuOptions.length > 0 && (
        <Alert color="orange" title="The bot’s menu uses it" data-testid="skillset-in-menu">
          <Text size="sm">These menu options would send customers to the general queue until you change them in the bot’s settings:</Text>
          <List size="sm">
            {menuOptions.map((o) => (
              <List.Item key={o.id}>{o.label}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </ConfirmRemovalModal>
  );
}
