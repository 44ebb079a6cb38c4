import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AdminConversationInfo } from '@parley/contracts';
import { IconMail } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../lib/api';
import { useUserTime, type UserTime } from '../identity/session';
import { useConversationInfo, useEmailTranscript } from './queries';

interface InfoDrawerProps {
  conversationId: string | null;
  onClose: () => void;
}

/** Info (seed 004): the overview, the whole conversation, and "Send by email". */
export function InfoDrawer({ conversationId, onClose }: InfoDrawerProps) {
  const info = useConversationInfo(conversationId);
  const time = useUserTime();
  return (
    <Drawer opened={conversationId !== null} onClose={onClose} position="right" size="xl" title="Conversation info">
      {info.isPending && conversationId && <Loader aria-label="Loading the conversation" />}
      {info.isError && <Alert color="red">{errorMessage(info.error)}</Alert>}
      {info.data && conversationId && (
        <Stack data-testid="admin-info-drawer">
          <Overview info={info.data} time={time} />
          <EmailForm key={conversationId} conversationId={conversationId} configured={info.data.emailConfigured} />
          <Title order={5}>Messages</Title>
          {info.data.truncated && <Alert color="yellow">Only the newest {info.data.messages.length} messages are shown.</Alert>}
          <ScrollArea.Autosize mah={480}>
            <Stack gap={6}>
              {info.data.messages.map((m) => (
                <Paper key={m.id} withBorder p="xs" radius="sm" bg={m.direction === 'out' ? 'var(--mantine-color-blue-light)' : undefined}>
                  <Group gap="xs" justify="space-between">
                    <Text size="xs" fw={600}>
                      {senderLabel(m, info.data.overview.contactName)}
                      {m.isTemplate ? ' · template' : ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {time.dateTime(m.createdAt)}
                      {m.status === 'failed' ? ' · failed' : m.readAt ? ' · read' : m.deliveredAt ? ' · delivered' : ''}
                    </Text>
                  </Group>
                  {/* Text only: React escapes it, and nothing is turned into a link. */}
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', unicodeBidi: 'isolate' }} dir="auto">
                    {m.text ?? `[${m.type}]`}
                  </Text>
                </Paper>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      )}
    </Drawer>
  );
}

type Message = AdminConversationInfo['messages'][number];

function senderLabel(m: Message, contactName: string | null): string {
  if (m.senderType === 'customer') return contactName ?? 'Customer';
  if (m.senderType === 'agent') return m.senderName ?? 'Agent';
  if (m.senderType === 'bot') return 'Bot';
  if (m.senderType === 'api') return m.senderName ?? 'API';
  return 'System';
}

const stateWords = { bot: 'With the bot', waiting: 'Waiting', assigned: 'With an agent', closed: 'Closed' } as const;

function Overview({ info, time }: { info: AdminConversationInfo; time: UserTime }) {
  const o = info.overview;
  const at = (v: string | null) => (v ? time.dateTime(v) : '—');
  const fields: Array<[string, string]> = [
    ['Contact', [o.contactName, o.contactPhone].filter(Boolean).join(' · ') || '—'],
    ['Channel', o.channelName ?? '—'],
    ['Opened', at(o.openedAt)],
    ['Agent', o.agentName ?? '—'],
    ['Queue', o.state === 'waiting' ? (o.skillsetName ?? 'General queue') : '—'],
    ['Last customer message', at(o.lastCustomerMessageAt)],
    ['24-hour window closes', at(o.windowClosesAt)],
    ['Closed', at(o.closedAt)],
    ['Reason', o.closedReason ?? '—'],
    ['Pricing category', o.pricingCategory ?? '—'],
    ['Messages', `${o.counts.messages} (customer ${o.counts.fromCustomer}, agents ${o.counts.fromAgents}, bot ${o.counts.fromBot})`],
  ];
  return (
    <Paper withBorder p="sm" radius="md">
      <Group mb="xs">
        <Badge variant="light">{stateWords[o.state]}</Badge>
        {!o.hadAgent && <Badge variant="outline">Unmanaged</Badge>}
      </Group>
      <SimpleGrid cols={2} spacing="xs">
        {fields.map(([k, v]) => (
          <div key={k}>
            <Text size="xs" c="dimmed">
              {k}
            </Text>
            <Text size="sm" dir="auto">
              {v}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function EmailForm({ conversationId, configured }: { conversationId: string; configured: boolean }) {
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const send = useEmailTranscript(conversationId);
  const fieldError = (field: string) =>
    isApiError(send.error) ? send.error.issues.find((i) => i.field.endsWith(field))?.message : undefined;

  if (!configured) {
    return (
      <Alert color="gray" icon={<IconMail size={16} />} title="Send by email" data-testid="admin-email-unconfigured">
        Email is not configured on this server. An administrator can set SMTP_URL to enable it.
      </Alert>
    );
  }
  return (
    <Paper withBorder p="sm" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate(
            { to: to.trim(), text },
            {
              onSuccess: (r) => {
                notifications.show({ color: 'green', title: 'Sent', message: `The conversation was sent to ${r.to}.` });
                setText('');
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          <Title order={5}>Send by email</Title>
          <TextInput
            label="To"
            type="email"
            placeholder="name@example.com"
            required
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={fieldError('to')}
            data-testid="admin-email-to"
          />
          <Textarea
            label="Your message"
            autosize
            minRows={2}
            maxRows={6}
            maxLength={10_000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={fieldError('text')}
            data-testid="admin-email-text"
          />
          {send.isError && !fieldError('to') && !fieldError('text') && <Alert color="red">{errorMessage(send.error)}</Alert>}
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={send.isPending}
              disabled={!to.trim()}
              leftSection={<IconMail size={14} aria-hidden />}
              data-testid="admin-email-send"
            >
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
