import { Alert, Loader, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '../../lib/api';
import { ConversationSettingsForm } from './ConversationSettingsForm';
import { useConversationSettings } from './queries';

export function ConversationSettingsSection({ canEdit }: { canEdit: boolean }) {
  const settings = useConversationSettings();
  return (
    <Stack component="section" aria-labelledby="conversation-settings-heading" maw={640}>
      <div>
        <Title order={2} size="h3" id="conversation-settings-heading">
          Conversations
        </Title>
        <Text size="sm" c="dimmed">
          How sessions are counted, how long the bot pauses, when idle conversations close and why agents close them.
          {!canEdit && ' Only admins can change these settings.'}
        </Text>
      </div>
      {settings.isPending && <Loader aria-label="Loading conversation settings" />}
      {settings.isError && <Alert color="red">{errorMessage(settings.error)}</Alert>}
      {settings.data && <ConversationSettingsForm settings={settings.data} canEdit={canEdit} />}
    </Stack>
  );
}
