import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AttributeDefinition } from '@parley/contracts';
import { errorMessage } from '../../../lib/api';
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
    <Modal opened={target !== null} onClose={close} title={attribute ? `Delete “${attribute.label}”?` : 'Delete attribute?'}>
      <Stack>
        <Text size="sm">Every contact’s value of this attribute is erased. This cannot be undone.</Text>
        {questions.length > 0 && (
          <Alert color="orange" title="The bot asks for it" data-testid="attribute-in-bot">
            <Text size="sm">
              These questions of the bot could no longer store their answer until you change them in the bot’s settings:
            </Text>
            <List size="sm">
              {questions.map((q) => (
                <List.Item key={q.id}>{q.prompt}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {remove.isError && <Alert color="red">{errorMessage(remove.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
