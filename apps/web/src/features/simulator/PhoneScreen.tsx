import { Avatar, Box, Group, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { useEffect, useMemo, useRef } from 'react';
import type { SimulatorOutboxItem } from './api';
import { ChatBubble } from './ChatBubble';
import { PhoneComposer } from './PhoneComposer';
import type { CustomerMessage } from './useCustomerChat';

interface PhoneScreenProps {
  /** The business number the customer writes to; null while the simulator starts. */
  businessNumber: string | null;
  customerMessages: CustomerMessage[];
  replies: SimulatorOutboxItem[];
  canSend: boolean;
  onSend: (text: string) => void;
}

type Line = { kind: 'customer'; at: string; message: CustomerMessage } | { kind: 'business'; at: string; item: SimulatorOutboxItem };

/** A WhatsApp-looking phone: green header with the business, the chat, and the composer. */
export function PhoneScreen({ businessNumber, customerMessages, replies, canSend, onSend }: PhoneScreenProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const lines = useMemo<Line[]>(
    () =>
      [
        ...customerMessages.map((message): Line => ({ kind: 'customer', at: message.at, message })),
        ...replies.map((item): Line => ({ kind: 'business', at: item.at, item })),
      ].sort((a, b) => a.at.localeCompare(b.at)),
    [customerMessages, replies],
  );

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lines.length]);

  return (
    <Box
      w={380}
      maw="100%"
      h={680}
      p={10}
      bg="dark.7"
      style={{ borderRadius: 36, boxShadow: '0 10px 30px rgba(0,0,0,0.25)', flexShrink: 0 }}
      role="region"
      aria-label="Simulated phone"
    >
      <Stack gap={0} h="100%" style={{ borderRadius: 28, overflow: 'hidden' }} bg="#efeae2">
        <Group gap="sm" px="md" py={10} bg="#008069" c="white" wrap="nowrap">
          <Avatar color="white" variant="filled" radius="xl" size={38} aria-hidden>
            <IconBuildingStore size={20} color="#008069" />
          </Avatar>
          <Stack gap={0} miw={0}>
            <Text fw={600} size="md" c="white" truncate data-testid="sim-business-number">
              {businessNumber ?? 'Connecting…'}
            </Text>
            <Text size="xs" c="rgba(255,255,255,0.8)">
              Business account
            </Text>
          </Stack>
          {!businessNumber && <Loader size="xs" color="white" ml="auto" aria-label="Starting the simulator" />}
        </Group>

        <ScrollArea viewportRef={viewport} style={{ flex: 1 }} type="auto">
          <Stack gap={6} p="sm" role="log" aria-label="Chat">
            {lines.length === 0 && (
              <Text size="xs" ta="center" c="#54656f" bg="#fff8c4" p={6} style={{ borderRadius: 8 }}>
                Say hello to the business to start a conversation.
              </Text>
            )}
            {lines.map((line) =>
              line.kind === 'customer' ? (
                <ChatBubble
                  key={line.message.key}
                  side="customer"
                  testId="sim-customer-bubble"
                  text={line.message.text}
                  at={line.message.at}
                  status={line.message.status}
                  note={
                    line.message.error && (
                      <Text size="xs" c="red.8">
                        {line.message.error}
                      </Text>
                    )
                  }
                />
              ) : (
                <ChatBubble
                  key={line.item.wamid}
                  side="business"
                  testId="sim-business-bubble"
                  text={line.item.text}
                  at={line.item.at}
                  status={line.item.status}
                  note={
                    line.item.type !== 'text' && (
                      <Text size="xs" c="#667781" fs="italic">
                        {line.item.type}
                      </Text>
                    )
                  }
                />
              ),
            )}
          </Stack>
        </ScrollArea>

        <PhoneComposer disabled={!canSend} onSend={onSend} />
      </Stack>
    </Box>
  );
}
