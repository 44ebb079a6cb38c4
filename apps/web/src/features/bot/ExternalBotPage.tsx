import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/api';
import { ExternalBotForm } from './ExternalBotForm';
import { ExternalBotTest } from './ExternalBotTest';
import { useBotSettingsQuery, useExternalBotQuery } from './queries';

/** /settings/external-bot: your own bot over HTTP instead of the built-in one (docs/external-bot.md). Admins only. */
export function ExternalBotPage() {
  const external = useExternalBotQuery();
  const bot = useBotSettingsQuery();
  const mode = bot.data?.mode;

  return (
    <Stack maw={760}>
      <div>
        <Title order={2} size="h3">
          External bot
        </Title>
        <Text size="sm" c="dimmed">
          Rasa, Botpress, Dialogflow or your own code can drive Parley: each customer message is POSTed, signed with your secret
          (HMAC-SHA256 in <code>X-Parley-Signature</code>), to your URL, which answers with replies and actions (reply, buttons, hand off to
          a skillset, set an attribute, reach a goal, close). When it fails or is too slow, the customer gets the fallback reply.
        </Text>
      </div>
      {mode && mode !== 'external' && (
        <Alert color="blue" p="xs" data-testid="external-bot-mode">
          <Text size="sm">
            Customers are answered by {mode === 'builtin' ? 'the built-in bot' : 'nobody (the bot is off)'} now. To hand them to this bot,
            choose “External bot” as the mode in{' '}
            <Anchor component={Link} to="/settings/bot" inherit>
              Bot
            </Anchor>
            .
          </Text>
        </Alert>
      )}
      {external.isPending && <Loader aria-label="Loading the external bot settings" />}
      {external.isError && <Alert color="red">{errorMessage(external.error)}</Alert>}
      {external.data && (
        <>
          <ExternalBotForm key={external.data.updatedAt ?? 'new'} settings={external.data} />
          <ExternalBotTest configured={external.data.configured} />
        </>
      )}
    </Stack>
  );
}
