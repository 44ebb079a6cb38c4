import { Alert, List, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AttributeDefinition } from '@parley/contracts';
import { ConfirmRemovalModal } from '../../../components/ConfirmRemovalModal';
import { useBotSettingsQuery } from '../../bot/queries';
import { useLastNonNull } from '../../identity/useLastNonNull';
import { useDeleteAttribute } from './queries';

/** Deleting an attribute erases every contact's value of it: always confirmed, with what else it breaks. */
export function DeleteAttributeModal({ attribute: target, onClose }: { attribute: AttributeDefinition | null; onClose: () => void }) {
  const attribute = useLastNonNull(target);
  const remove = useDeleteAttribute();
  const bot = useBotSettingsQuery(target !== null);
  const questions = (bot.data?.personality.questions ?? []).filter((q) => q.attributeKey === attribute?.key);

  const close = () => {
    remove.reset();
    onClose();
  };

  const confirm = () => {
    if (!target) return;
    remove.mutate(target.key, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Attribute deleted', message: `“${target.label}” and its values were deleted.` });
        close();
      },
    });
  };

  return (
    <ConfirmRemovalModal
      opened={target !== null}
      title={attribute ? `Delete “${attribute.label}”?` : 'Delete attribute?'}
      onCancel={close}
      onConfirm={confirm}
      pending={remove.isPending}
      error={remove.isError ? remove.error : null}
    >
      <Text size="sm">Every contact’s value of this attribute is erased. This cannot be undone.</Text>
      {questions.length > 0 && (
        <Alert color="orange" title="The bot asks for it" data-testid="attribute-in-bot">
          <Text size="sm">These questions of the bot could no longer store their answer until you change them in the bot’s settings:</Text>
          <List size="sm">
            {questions.map((q) => (
              <List.Item key={q.id}>{q.prompt}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </ConfirmRemovalModal>
  );
}
