import { Alert, Badge, Button, Group, Paper, ScrollArea, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import type { BotPersonalityInput, BotStateView, BotTestResult, botChannelKinds } from '@parley/contracts';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage, isApiError, type FieldIssue } from '../../lib/api';
import { useTestBot } from './queries';
import { ActionBadges, CustomerBubble, ReplyBubble } from './TestBubbles';
import { actionLabel, endsBotTurn, pickedTeamLabel, ruleLabel } from './testLabels';

type ChannelKind = (typeof botChannelKinds)[number];

const channels: { value: ChannelKind; label: string }[] = [
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'telegram', label: 'Telegram' },
  { value: 'webchat', label: 'Website' },
];

type NewTurn =
  { kind: 'customer'; text: string; tapped: boolean } | { kind: 'bot'; result: BotTestResult } | { kind: 'error'; message: string };
type Turn = NewTurn & { key: number };

interface BotTestPanelProps {
  /** The unsaved draft as the API takes it, or null when it has problems (the form then shows them). */
  draft: () => BotPersonalityInput | null;
  /** Problems the server found in the draft, for the form to show at their inputs. */
  onDraftIssues: (issues: FieldIssue[]) => void;
  dirty: boolean;
  skillsetName: (id: string) => string | undefined;
  attributeLabel: (key: string) => string | undefined;
}

/**
 * Talk to the bot without a customer: each message goes to POST /bot/test with the state the previous answer
 * returned, so a conversation carries on (menu numbers, pending questions, the misunderstood counter).
 */
export function BotTestPanel({ draft, onDraftIssues, dirty, skillsetName, attributeLabel }: BotTestPanelProps) {
  const test = useTestBot();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [state, setState] = useState<BotStateView | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const [channelKind, setChannelKind] = useState<ChannelKind>('whatsapp');
  const [useDraft, setUseDraft] = useState(true);
  const [text, setText] = useState('');
  const nextKey = useRef(0);
  const viewport = useRef<HTMLDivElement>(null);

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight, behavior: 'smooth' });
  }, [turns.length]);

  const push = (turn: NewTurn) => {
    const key = nextKey.current++;
    setTurns((t) => [...t, { ...turn, key }]);
  };

  const reset = () => {
    setTurns([]);
    setState(undefined);
    setEnded(false);
    test.reset();
  };

  const send = (message: string, interactiveId?: string) => {
    if (!message.trim() || test.isPending) return;
    let personality: BotPersonalityInput | undefined;
    // Without changes the saved settings answer (and the panel says so).
    if (useDraft && dirty) {
      const d = draft();
      if (!d) {
        push({ kind: 'error', message: 'The unsaved changes have problems (marked in the form). Fix them, or test the saved settings.' });
        return;
      }
      personality = d;
    }
    push({ kind: 'customer', text: message, tapped: interactiveId !== undefined });
    setText('');
    test.mutate(
      { text: message, interactiveId, state, channelKind, personality },
      {
        onSuccess: (result) => {
          push({ kind: 'bot', result });
          setState(result.state);
          if (endsBotTurn(result.actions)) setEnded(true);
        },
        onError: (error) => {
          if (isApiError(error) && error.issues.some((i) => i.field.startsWith('personality'))) {
            onDraftIssues(error.issues.filter((i) => i.field.startsWith('personality')));
            push({ kind: 'error', message: 'The unsaved changes have problems (now marked in the form).' });
          } else push({ kind: 'error', message: errorMessage(error) });
        },
      },
    );
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    send(text);
  };

  const lastBot = [...turns].reverse().find((t) => t.kind === 'bot');
  // As on a phone, an earlier message's buttons can still be tapped.
  const tap = ended || test.isPending ? null : (title: string, id: string) => send(title, id);

  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="bot-test-heading" data-testid="bot-test-panel">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h4" id="bot-test-heading">
            Try the bot
          </Title>
          <Button size="compact-sm" variant="subtle" leftSection={<IconRefresh size={14} aria-hidden />} onClick={reset}>
            Reset conversation
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Nothing is sent to anyone or stored. The first message starts a new conversation.
        </Text>
        <SegmentedControl
          size="xs"
          data={channels}
          value={channelKind}
          onChange={(v) => setChannelKind(v as ChannelKind)}
          aria-label="Channel"
          fullWidth
        />
        <Switch
          size="sm"
          label={dirty ? 'Use my unsaved changes' : 'Use my unsaved changes (none yet)'}
          checked={useDraft}
          onChange={(e) => setUseDraft(e.currentTarget.checked)}
        />
        {lastBot?.kind === 'bot' && lastBot.result.mode !== 'builtin' && (
          <Alert color="orange" p="xs">
            <Text size="xs">
              The mode is {lastBot.result.mode === 'off' ? 'off' : 'external bot'}: customers do not get these answers until you switch to
              the built-in bot and save.
            </Text>
          </Alert>
        )}
        <ScrollArea h={460} viewportRef={viewport} type="auto" bg="#efeae2" style={{ borderRadius: 8 }}>
          <Stack gap={6} p="sm" role="log" aria-label="Test conversation">
            {turns.length === 0 && (
              <Text size="xs" ta="center" c="#54656f" bg="#fff8c4" p={6} style={{ borderRadius: 8 }}>
                Write as a customer would, for example “Hi”.
              </Text>
            )}
            {turns.map((turn) => {
              if (turn.kind === 'customer') return <CustomerBubble key={turn.key} text={turn.text} tapped={turn.tapped} />;
              if (turn.kind === 'error')
                return (
                  <Alert key={turn.key} color="red" p="xs" data-testid="bot-test-error">
                    <Text size="xs">{turn.message}</Text>
                  </Alert>
                );
              const { result } = turn;
              const picked = pickedTeamLabel(result, { skillset: skillsetName });
              return (
                <Stack key={turn.key} gap={4} data-testid="bot-test-answer" data-rule={result.rule}>
                  {result.replies.length === 0 && (
                    <Text size="xs" c="#667781" fs="italic">
                      (no reply)
                    </Text>
                  )}
                  {result.replies.map((reply, i) => (
                    <ReplyBubble key={i} reply={reply} onTap={tap} />
                  ))}
                  <ActionBadges
                    labels={result.actions.map((a) => actionLabel(a, { skillset: skillsetName, attribute: attributeLabel }))}
                    types={result.actions.map((a) => a.type)}
                  />
                  {picked && (
                    <Group gap={4}>
                      <Badge variant="light" color="blue" tt="none" data-testid="bot-test-picked">
                        {picked}
                      </Badge>
                    </Group>
                  )}
                  <Group gap={4}>
                    <Badge size="xs" variant="outline" color="gray" tt="none" data-testid="bot-test-rule" data-rule={result.rule}>
                      Rule: {ruleLabel(result.rule)}
                    </Badge>
                    <Badge size="xs" variant="outline" color="gray" tt="none">
                      {result.personality === 'draft' ? 'Unsaved changes' : 'Saved settings'}
                    </Badge>
                  </Group>
                </Stack>
              );
            })}
            {ended && (
              <Text size="xs" ta="center" c="#54656f" bg="#fff8c4" p={6} style={{ borderRadius: 8 }} data-testid="bot-test-ended">
                The conversation left the bot: in a real one the bot is silent from here. Reset to start again.
              </Text>
            )}
          </Stack>
        </ScrollArea>
        <form onSubmit={onSubmit}>
          <Group gap="xs" wrap="nowrap">
            <TextInput
              aria-label="Test message"
              placeholder={ended ? 'Reset to write again' : 'Type a message'}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              disabled={ended}
              maxLength={4096}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              loading={test.isPending}
              disabled={ended || !text.trim()}
              leftSection={<IconSend size={14} aria-hidden />}
            >
              Send
            </Button>
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}
