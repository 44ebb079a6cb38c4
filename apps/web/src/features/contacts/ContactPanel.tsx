import { Alert, Anchor, Badge, DataList, Divider, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '../../lib/api';
import { BotControls } from './BotControls';
import { ContactStats } from './ContactStats';
import { adSourceUrl, contactName, sourceLabel } from './format';
import { useContact } from './queries';

interface ContactPanelProps {
  contactId: string;
  defaultPauseMinutes: number;
}

/** The customer's profile beside the chat: who they are, where they came from, their statistics and bot controls. */
export function ContactPanel({ contactId, defaultPauseMinutes }: ContactPanelProps) {
  const contact = useContact(contactId);

  return (
    <Paper withBorder p="md" radius="md" component="aside" aria-label="Contact profile">
      {contact.isPending && <Loader size="sm" aria-label="Loading the contact" />}
      {contact.isError && <Alert color="red">{errorMessage(contact.error)}</Alert>}
      {contact.data && (
        <Stack gap="sm">
          <div>
            <Title order={2} size="h4" data-testid="contact-name">
              {contactName(contact.data)}
            </Title>
            {contact.data.phone && (
              <Text size="sm" c="dimmed" data-testid="contact-phone">
                {contact.data.phone}
              </Text>
            )}
          </div>
          <DataList size="sm" labelWidth={80} gap={6} aria-label="Contact">
            <DataList.Item>
              <DataList.ItemLabel>Source</DataList.ItemLabel>
              <DataList.ItemValue>
                <Text span size="sm" data-testid="contact-source" data-source={contact.data.source}>
                  {sourceLabel(contact.data)}
                </Text>
                {contact.data.source === 'ad' && adSourceUrl(contact.data) && (
                  <Anchor href={adSourceUrl(contact.data) ?? undefined} target="_blank" rel="noreferrer" size="xs" display="block">
                    Open the ad
                  </Anchor>
                )}
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Tags</DataList.ItemLabel>
              <DataList.ItemValue>
                <Group gap={4} data-testid="contact-tags">
                  {contact.data.tags.length === 0 ? (
                    <Text span size="sm" c="dimmed">
                      No tags
                    </Text>
                  ) : (
                    contact.data.tags.map((tag) => (
                      <Badge key={tag} variant="outline" size="sm" tt="none">
                        {tag}
                      </Badge>
                    ))
                  )}
                </Group>
              </DataList.ItemValue>
            </DataList.Item>
            {contact.data.email && (
              <DataList.Item>
                <DataList.ItemLabel>Email</DataList.ItemLabel>
                <DataList.ItemValue>{contact.data.email}</DataList.ItemValue>
              </DataList.Item>
            )}
          </DataList>

          <Divider />
          <Title order={3} size="h6">
            Statistics
          </Title>
          <ContactStats stats={contact.data.stats} />

          <Divider />
          <Title order={3} size="h6">
            Bot
          </Title>
          <BotControls contact={contact.data} defaultPauseMinutes={defaultPauseMinutes} />
        </Stack>
      )}
    </Paper>
  );
}
