import { Alert, Loader, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '../../lib/api';
import { useAttributeDefinitions } from '../contacts/attributes/queries';
import { useCurrentUser } from '../identity/session';
import { useSkillsetsQuery } from '../routing/queries';
import { BotSettingsForm } from './BotSettingsForm';
import { useBotSettingsQuery } from './queries';

/** /settings/bot: the built-in bot's personality, every part of it, with a panel to try it. Admins only. */
export function BotSettingsPage() {
  const me = useCurrentUser();
  const settings = useBotSettingsQuery();
  const skillsets = useSkillsetsQuery();
  const attributes = useAttributeDefinitions();
  const failed = [settings, skillsets, attributes].find((q) => q.isError);

  return (
    <Stack>
      <div>
        <Title order={2} size="h3">
          Bot
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          The bot answers first: it greets, shows the menu, answers questions it knows, captures what you want to know, and passes the
          customer to a person when it should.
        </Text>
      </div>
      {failed && <Alert color="red">{errorMessage(failed.error)}</Alert>}
      {!failed && (settings.isPending || skillsets.isPending || attributes.isPending) && <Loader aria-label="Loading the bot settings" />}
      {settings.data && skillsets.data && attributes.data && (
        <BotSettingsForm settings={settings.data} skillsets={skillsets.data} attributes={attributes.data} timezone={me.timezone} />
      )}
    </Stack>
  );
}
