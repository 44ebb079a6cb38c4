import { Box, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { MessageStatusIcon } from '../../components/MessageStatusIcon';
import { useUserTime } from '../identity/session';

/** WhatsApp's own colours: the customer's messages in green on the right, the business's in white on the left. */
const CUSTOMER_BG = '#d9fdd3';
const BUSINESS_BG = '#ffffff';

interface ChatBubbleProps {
  side: 'customer' | 'business';
  text: string;
  at: string;
  status: string;
  /** A note under the text, e.g. the message type or why it failed. */
  note?: ReactNode;
  testId: string;
}

export function ChatBubble({ side, text, at, status, note, testId }: ChatBubbleProps) {
  const time = useUserTime();
  const mine = side === 'customer';
  return (
    <Group justify={mine ? 'flex-end' : 'flex-start'} wrap="nowrap">
      <Box
        data-testid={testId}
        data-status={status}
        px={9}
        py={6}
        maw="82%"
        bg={mine ? CUSTOMER_BG : BUSINESS_BG}
        style={{
          borderRadius: 8,
          borderTopRightRadius: mine ? 0 : 8,
          borderTopLeftRadius: mine ? 8 : 0,
          boxShadow: '0 1px 0.5px rgba(11, 20, 26, 0.13)',
        }}
      >
        <Text size="sm" c="#111b21" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {text}
        </Text>
        {note}
        <Group gap={4} justify="flex-end" wrap="nowrap" mt={2}>
          <Text size="xs" c="#667781" title={time.dateTime(at)}>
            {time.time(at)}
          </Text>
          <MessageStatusIcon status={status} size={15} />
        </Group>
      </Box>
    </Group>
  );
}
