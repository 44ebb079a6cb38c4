import { Badge, Box, Button, Collapse, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { BotReply } from '@parley/contracts';
import { IconList } from '@tabler/icons-react';
import { useState } from 'react';

const CUSTOMER_BG = '#d9fdd3';
const BOT_BG = '#ffffff';

function Bubble({ side, children, testId, type }: { side: 'customer' | 'bot'; children: React.ReactNode; testId: string; type?: string }) {
  const mine = side === 'customer';
  return (
    <Group justify={mine ? 'flex-end' : 'flex-start'} wrap="nowrap">
      <Box
        data-testid={testId}
        data-type={type}
        px={9}
        py={6}
        maw="88%"
        bg={mine ? CUSTOMER_BG : BOT_BG}
        style={{
          borderRadius: 8,
          borderTopRightRadius: mine ? 0 : 8,
          borderTopLeftRadius: mine ? 8 : 0,
          boxShadow: '0 1px 0.5px rgba(11, 20, 26, 0.13)',
        }}
      >
        {children}
      </Box>
    </Group>
  );
}

function BubbleText({ text }: { text: string }) {
  return (
    <Text size="sm" c="#111b21" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {text}
    </Text>
  );
}

export function CustomerBubble({ text, tapped }: { text: string; tapped: boolean }) {
  return (
    <Bubble side="customer" testId="bot-test-customer">
      <BubbleText text={text} />
      {tapped && (
        <Text size="xs" c="#667781" fs="italic">
          tapped
        </Text>
      )}
    </Bubble>
  );
}

interface ReplyBubbleProps {
  reply: BotReply;
  /** Tapping a button or list row answers with it; null when tapping makes no sense any more. */
  onTap: ((title: string, id: string) => void) | null;
}

/** A bot reply as the customer's phone shows it: text, reply buttons under it, or a list behind a button. */
export function ReplyBubble({ reply, onTap }: ReplyBubbleProps) {
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={4} maw="88%">
      <Bubble side="bot" testId="bot-test-reply" type={reply.type}>
        <BubbleText text={reply.text} />
        {reply.type === 'list' && (
          <UnstyledButton
            mt={6}
            pt={6}
            w="100%"
            style={{ borderTop: '1px solid #e9edef', textAlign: 'center' }}
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
          >
            <Group gap={4} justify="center">
              <IconList size={14} color="#027eb5" aria-hidden />
              <Text size="sm" c="#027eb5">
                {reply.button}
              </Text>
            </Group>
          </UnstyledButton>
        )}
      </Bubble>
      {reply.type === 'buttons' &&
        reply.buttons.map((b) => (
          <Button
            key={b.id}
            variant="white"
            size="xs"
            c="#027eb5"
            style={{ boxShadow: '0 1px 0.5px rgba(11, 20, 26, 0.13)' }}
            disabled={!onTap}
            onClick={() => onTap?.(b.title, b.id)}
            data-testid="bot-test-button"
          >
            {b.title}
          </Button>
        ))}
      {reply.type === 'list' && (
        <Collapse expanded={open}>
          <Stack gap={2} p={6} bg="white" style={{ borderRadius: 8 }}>
            {reply.sections
              .flatMap((s) => s.rows)
              .map((row) => (
                <UnstyledButton
                  key={row.id}
                  p={6}
                  disabled={!onTap}
                  onClick={() => onTap?.(row.title, row.id)}
                  data-testid="bot-test-list-row"
                  style={{ borderRadius: 6 }}
                >
                  <Text size="sm">{row.title}</Text>
                  {row.description && (
                    <Text size="xs" c="dimmed">
                      {row.description}
                    </Text>
                  )}
                </UnstyledButton>
              ))}
          </Stack>
        </Collapse>
      )}
    </Stack>
  );
}

export function ActionBadges({ labels, types }: { labels: string[]; types: string[] }) {
  if (labels.length === 0) return null;
  return (
    <Group gap={4}>
      {labels.map((label, i) => (
        <Badge
          key={i}
          variant="light"
          color={types[i] === 'handoff' || types[i] === 'unresolved_query' ? 'orange' : 'teal'}
          tt="none"
          data-testid="bot-test-action"
          data-type={types[i]}
        >
          {label}
        </Badge>
      ))}
    </Group>
  );
}
