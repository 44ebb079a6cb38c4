import { Alert, Anchor, Badge, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { errorMessage, isApiError } from '../../../lib/api';
import { useConversationSettings } from '../../conversations/queries';
import { BotControls } from '../BotControls';
import { ContactStats } from '../ContactStats';
import { contactName } from '../format';
import { useContact } from '../queries';
import { CampaignsSection } from './CampaignsSection';
import { ConversationsSection } from './ConversationsSection';
import { NotesSection } from './NotesSection';
import { OriginSection } from './OriginSection';
import { ProfileSection } from './ProfileSection';
import { useContactProfile } from './queries';
import { SegmentsGoalsSection } from './SegmentsGoalsSection';
import { SessionsSection } from './SessionsSection';
import { StartChatButton } from './StartChatButton';
import { TopProperties } from './TopProperties';
import { WhoSection } from './WhoSection';

const DEFAULT_PAUSE_MINUTES = 10;

/** /contacts/:id — the customer's profile: who, their conversations, where from, when, campaigns, notes. */
export function ProfilePage() {
  const { id = '' } = useParams();
  const contact = useContact(id);
  const profile = useContactProfile(id);
  const settings = useConversationSettings();

  if (contact.isPending || profile.isPending) return <Loader aria-label="Loading the profile" />;
  if (contact.isError || profile.isError) {
    const error = contact.error ?? profile.error;
    const missing = isApiError(error) && (error.status === 404 || error.status === 400);
    return (
      <Alert color={missing ? 'yellow' : 'red'} title={missing ? 'Contact not found' : undefined}>
        {missing ? 'It may have been deleted, or the link is wrong. ' : errorMessage(error)}
        <Anchor component={Link} to="/contacts">
          Back to contacts
        </Anchor>
      </Alert>
    );
  }
  const c = contact.data;
  const p = profile.data;

  return (
    <Stack data-testid="contact-profile" data-contact-id={c.id}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/contacts" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} aria-hidden />
              Contacts
            </Group>
          </Anchor>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="profile-name">
              {contactName(c)}
            </Title>
            <Badge color={c.status === 'active' ? 'green' : 'gray'} variant="light" data-testid="profile-status">
              {c.status === 'active' ? 'Active' : 'Archived'}
            </Badge>
          </Group>
        </div>
        <StartChatButton startChat={p.startChat} />
      </Group>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6, xl: 3 }}>
          <Stack>
            <WhoSection contact={c} profile={p} />
            <OriginSection contact={c} profile={p} />
            <ProfileSection title="Bot" testId="profile-bot">
              <BotControls contact={c} defaultPauseMinutes={settings.data?.pauseMinutes ?? DEFAULT_PAUSE_MINUTES} />
            </ProfileSection>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 6 }} order={{ base: 3, xl: 2 }}>
          <Stack>
            <ConversationsSection contactId={c.id} />
            <SessionsSection contactId={c.id} />
            <CampaignsSection contactId={c.id} />
            <NotesSection contactId={c.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 3 }} order={{ base: 2, xl: 3 }}>
          <Stack>
            <TopProperties contactId={c.id} />
            <ProfileSection title="Statistics" testId="profile-stats">
              <ContactStats stats={c.stats} />
            </ProfileSection>
            <SegmentsGoalsSection profile={p} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">
        Times are shown in your time zone.
      </Text>
    </Stack>
  );
}
