import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowsExchange, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useUserTime } from '../identity/session';
import type { ConversationDetail } from './api';
import { CloseConversationModal } from './CloseConversationModal';
import { conversationTitle } from './labels';
import { RoutingInfo } from './RoutingInfo';
import { StateBadge } from './StateBadge';
import { TransferModal } from './TransferModal';

interface ConversationHeaderProps {
  conversation: ConversationDetail;
  windowOpen: boolean;
  closeReasons: string[];
}

export function ConversationHeader({ conversation: c, windowOpen, closeReasons }: ConversationHeaderProps) {
  const time = useUserTime();
  const [closing, setClosing] = useState(false);
  const [transferring, setTransferring] = useState(false);

  return (
    <Group
      justify="space-between"
      align="flex-start"
      p="sm"
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Stack gap={2} miw={0}>
        <Anchor component={Link} to="/inbox" size="xs" hiddenFrom="md">
          <Group gap={4}>
            <IconArrowLeft size={14} aria-hidden /> All conversations
          </Group>
        </Anchor>
        <Group gap="xs" wrap="nowrap">
          <Title order={2} size="h4" lineClamp={1} data-testid="conversation-title">
            {conversationTitle(c)}
          </Title>
          <StateBadge state={c.state} />
        </Group>
        {c.contactName && c.contactPhone && (
          <Text size="xs" c="dimmed">
            {c.contactPhone}
          </Text>
        )}
        <RoutingInfo conversation={c} />
        {c.channelKind === 'whatsapp' && (
          <Text size="xs" c={windowOpen ? 'teal.8' : 'orange.8'} data-testid="window-state" data-open={windowOpen}>
            {windowOpen && c.windowClosesAt ? `Window open until ${time.dateTime(c.windowClosesAt)}` : 'Window closed: only templates'}
          </Text>
        )}
        {c.state === 'closed' && (
          <Text size="xs" c="dimmed" data-testid="closed-info">
            Closed{c.closedAt ? ` ${time.dateTime(c.closedAt)}` : ''}
            {c.closedReason ? `: ${c.closedReason}` : ''}
          </Text>
        )}
      </Stack>
      {c.state !== 'closed' && (
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconArrowsExchange size={14} aria-hidden />}
            onClick={() => setTransferring(true)}
            data-testid="transfer-button"
          >
            Transfer
          </Button>
          <Button variant="default" size="xs" leftSection={<IconCircleCheck size={14} aria-hidden />} onClick={() => setClosing(true)}>
            Close
          </Button>
        </Group>
      )}
      <TransferModal conversationId={c.id} opened={transferring} onClose={() => setTransferring(false)} />
      <CloseConversationModal conversationId={c.id} opened={closing} reasons={closeReasons} onClose={() => setClosing(false)} />
    </Group>
  );
}
