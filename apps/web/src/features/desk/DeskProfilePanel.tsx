import { Accordion, Alert, Anchor, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ContactView } from '@parley/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/api';
import { BotControls } from '../contacts/BotControls';
import { ContactStats } from '../contacts/ContactStats';
import { ContactPrivacyActions } from '../contacts/privacy/ContactPrivacyActions';
import { adSourceUrl, contactName, durationText, sourceLabel } from '../contacts/format';
import { useContact } from '../contacts/queries';
import { StateBadge } from '../conversations/StateBadge';
import { useUserTime } from '../identity/session';
import { useContactAttributes, useDeskProfile } from './queries';

interface DeskProfilePanelProps {
  contactId: string;
  conversationId: string;
  defaultPauseMinutes: number;
}

/**
 * The customer beside the chat, as seed 001 lays a profile out — who they are and their top properties first, then
 * their history, where they came from and when they last interacted, and campaigns — folded to stay compact.
 */
export function DeskProfilePanel({ contactId, conversationId, defaultPauseMinutes }: DeskProfilePanelProps) {
  const contact = useContact(contactId);
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="aside"
      aria-label="Contact profile"
      h="calc(100dvh - 150px)"
      style={{ overflowY: 'auto' }}
    >
      {contact.isPending && <Loader size="sm" aria-label="Loading the contact" />}
      {contact.isError && <Alert color="red">{errorMessage(contact.error)}</Alert>}
      {contact.data && <Profile contact={contact.data} conversationId={conversationId} defaultPauseMinutes={defaultPauseMinutes} />}
    </Paper>
  );
}

function Profile({
  contact,
  conversationId,
  defaultPauseMinutes,
}: {
  contact: ContactView;
  conversationId: string;
  defaultPauseMinutes: number;
}) {
  const time = useUserTime();
  const attributes = useContactAttributes(contact.id);
  const { profile, conversations, sessions, campaigns } = useDeskProfile(contact.id);
  const top = (attributes.data ?? []).filter((a) => a.topProperty);
  const fields = profile.data?.fields;
  const when = (v: string | null | undefined) => (v ? time.dateTime(v) : 'Never');

  return (
    <Stack gap="xs">
      <div>
        <Title order={2} size="h4" data-testid="contact-name">
          {contactName(contact)}
        </Title>
        <Text size="sm" c="dimmed" data-testid="contact-phone">
          {[contact.phone, contact.email].filter(Boolean).join(' · ') || 'No phone or email'}
        </Text>
      </div>

      <Section label="Who" testId="profile-who">
        <Row label="Source">
          <Text span size="sm" data-testid="contact-source" data-source={contact.source}>
            {sourceLabel(contact)}
          </Text>
          {contact.source === 'ad' && adSourceUrl(contact) && (
            <Anchor href={adSourceUrl(contact) ?? undefined} target="_blank" rel="noreferrer" size="xs" display="block">
              Open the ad
            </Anchor>
          )}
        </Row>
        {fields?.gender && <Row label="Gender">{fields.gender}</Row>}
        {fields?.language && <Row label="Language">{fields.language}</Row>}
        {(fields?.location || fields?.country) && (
          <Row label="Location">{[fields.location, fields.country].filter(Boolean).join(', ')}</Row>
        )}
        <Row label="Tags">
          <Group gap={4} data-testid="contact-tags">
            {contact.tags.length === 0 ? (
              <Text span size="sm" c="dimmed">
                No tags
              </Text>
            ) : (
              contact.tags.map((tag) => (
                <Badge key={tag} variant="outline" size="sm" tt="none">
                  {tag}
                </Badge>
              ))
            )}
          </Group>
        </Row>
      </Section>

      <Section label="Top properties" testId="profile-top-properties">
        {attributes.isError && <Failed error={attributes.error} />}
        {attributes.isSuccess && top.length === 0 && (
          <Text size="xs" c="dimmed">
            No top properties. Admins choose them under Settings → Attributes.
          </Text>
        )}
        {top.map((a) => (
          <Row key={a.key} label={a.label}>
            {a.value === null ? (
              <Text span size="sm" c="dimmed">
                —
              </Text>
            ) : (
              String(a.value)
            )}
          </Row>
        ))}
      </Section>

      <Accordion multiple defaultValue={['history']} variant="contained" chevronPosition="right">
        <Accordion.Item value="history">
          <Accordion.Control>History ({conversations.data?.length ?? '…'})</Accordion.Control>
          <Accordion.Panel>
            {conversations.isError && <Failed error={conversations.error} />}
            <Stack gap={6} data-testid="profile-history">
              {(conversations.data ?? []).map((c) => (
                <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/inbox/${c.id}`} size="sm" fw={c.id === conversationId ? 700 : 400}>
                      {time.date(c.openedAt)} · {c.channelName}
                    </Anchor>
                    <Text size="xs" c="dimmed" truncate>
                      {c.hadAgent ? 'With an agent' : 'Bot only'}
                      {c.closedReason ? ` · ${c.closedReason}` : ''}
                      {c.lastCustomerText ? ` · “${c.lastCustomerText}”` : ''}
                    </Text>
                  </div>
                  <StateBadge state={c.state} size="xs" />
                </Group>
              ))}
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>

        <Accordion.Item value="where-when">
          <Accordion.Control>Where and when</Accordion.Control>
          <Accordion.Panel>
            {profile.isError && <Failed error={profile.error} />}
            <Stack gap={6} data-testid="profile-where-when">
              {(profile.data?.channels ?? []).map((ch) => (
                <Text key={ch.channelId} size="sm">
                  {ch.name}
                  {ch.kind ? ` (${ch.kind})` : ''} — since {time.date(ch.firstSeenAt)}, last wrote {when(ch.lastInboundAt)}
                </Text>
              ))}
              <Text size="sm">Last active {when(contact.stats.lastActiveAt)}</Text>
              {(sessions.data ?? []).map((s) => (
                <Text key={s.id} size="xs" c="dimmed">
                  Session {time.dateTime(s.startedAt)} · {durationText(s.durationSeconds)} · {s.messageCount} messages
                  {s.agentInvolved ? ' · agent' : ''}
                </Text>
              ))}
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>

        <Accordion.Item value="campaigns">
          <Accordion.Control>Campaigns ({campaigns.data?.length ?? '…'})</Accordion.Control>
          <Accordion.Panel>
            {campaigns.isError && <Failed error={campaigns.error} />}
            {campaigns.data?.length === 0 && (
              <Text size="xs" c="dimmed">
                Not part of any campaign.
              </Text>
            )}
            <Stack gap={4} data-testid="profile-campaigns">
              {(campaigns.data ?? []).map((c) => (
                <Text key={c.campaignId} size="sm">
                  {c.name} — {c.status}
                  {c.sentAt ? `, ${time.date(c.sentAt)}` : ''}
                </Text>
              ))}
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>

        <Accordion.Item value="statistics">
          <Accordion.Control>Statistics</Accordion.Control>
          <Accordion.Panel>
            <ContactStats stats={contact.stats} />
          </Accordion.Panel>
        </Accordion.Item>

        <Accordion.Item value="bot">
          <Accordion.Control>Bot</Accordion.Control>
          <Accordion.Panel>
            <BotControls contact={contact} defaultPauseMinutes={defaultPauseMinutes} />
          </Accordion.Panel>
        </Accordion.Item>

        <Accordion.Item value="privacy">
          <Accordion.Control>Privacy</Accordion.Control>
          <Accordion.Panel>
            <ContactPrivacyActions contact={contact} />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}

function Section({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <Stack gap={4} data-testid={testId} role="group" aria-label={label}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={96} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text span size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

function Failed({ error }: { error: unknown }) {
  return (
    <Text size="xs" c="red.8">
      {errorMessage(error)}
    </Text>
  );
}
