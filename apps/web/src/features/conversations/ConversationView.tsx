import { Alert, Anchor, Grid, Loader, Paper, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { errorMessage, isApiError } from '../../lib/api';
import { useNow } from '../../lib/useNow';
import { DeskProfilePanel } from '../desk/DeskProfilePanel';
import { useNotes } from '../desk/queries';
import type { ConversationDetail } from './api';
import { ConversationHeader } from './ConversationHeader';
import { MessageThread } from './MessageThread';
import { useConversation, useConversationSettings } from './queries';
import { ReplyComposer } from './ReplyComposer';
import { isWindowOpen } from './window';

const DEFAULT_PAUSE_MINUTES = 10;

/** /inbox/:conversationId: the thread, its window and composer, and the customer's profile beside it. */
export function ConversationView() {
  const { conversationId = '' } = useParams();
  const conversation = useConversation(conversationId);

  if (conversation.isPending) return <Loader aria-label="Loading the conversation" />;
  if (conversation.isError) {
    const missing = isApiError(conversation.error) && (conversation.error.status === 404 || conversation.error.status === 400);
    return (
      <Alert color={missing ? 'yellow' : 'red'} title={missing ? 'Conversation not found' : undefined}>
        {missing ? 'It may have been erased, or the link is wrong. ' : errorMessage(conversation.error)}
        <Anchor component={Link} to="/inbox">
          Back to the inbox
        </Anchor>
      </Alert>
    );
  }
  return <ConversationScreen conversation={conversation.data} />;
}

function ConversationScreen({ conversation }: { conversation: ConversationDetail }) {
  const now = useNow();
  const settings = useConversationSettings();
  const notes = useNotes(conversation.id);
  // Only WhatsApp has the 24-hour window; Telegram and the website chat take replies at any time.
  const windowOpen = conversation.channelKind !== 'whatsapp' || isWindowOpen(conversation.windowClosesAt, now);

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 7, xl: 8 }}>
        <Paper
          withBorder
          radius="md"
          h="calc(100dvh - 150px)"
          mih={460}
          style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}
        >
          <ConversationHeader conversation={conversation} windowOpen={windowOpen} closeReasons={settings.data?.closeReasons ?? []} />
          <MessageThread messages={conversation.messages} notes={notes.data ?? []} channelId={conversation.channelId} />
          <Stack p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <ReplyComposer key={conversation.id} conversation={conversation} windowOpen={windowOpen} />
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5, xl: 4 }}>
        <DeskProfilePanel
          contactId={conversation.contactId}
          conversationId={conversation.id}
          defaultPauseMinutes={settings.data?.pauseMinutes ?? DEFAULT_PAUSE_MINUTES}
        />
      </Grid.Col>
    </Grid>
  );
}
