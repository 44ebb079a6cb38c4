import { Alert, Badge, Button, Code, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { BotReply, ExternalBotTestResult } from '@parley/contracts';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useSkillsetsQuery } from '../routing/queries';
import { useTestExternalBot } from './queries';
import { ReplyBubble } from './TestBubbles';

interface ExternalAction {
  type: string;
  skillsetId?: string | null;
  key?: string;
  value?: unknown;
  name?: string;
  reason?: string;
}

/** "Send test event": a signed sample event to the saved URL; nothing of the answer is applied. */
export function ExternalBotTest({ configured }: { configured: boolean }) {
  const test = useTestExternalBot();
  const [text, setText] = useState('');

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="external-test-heading">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="external-test-heading">
            Send a test event
          </Title>
          <Text size="sm" c="dimmed">
            A signed sample message from “Test Customer”, sent now to the saved URL. You see what your bot answered, or exactly why Parley
            would refuse it. Nothing is applied.
          </Text>
        </div>
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            label="Test message"
            placeholder="Hello! This is a test event from Parley."
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={1024}
            style={{ flex: 1 }}
          />
          <Button
            leftSection={<IconSend size={14} aria-hidden />}
            disabled={!configured}
            loading={test.isPending}
            onClick={() => test.mutate(text.trim() || undefined)}
          >
            Send test event
          </Button>
        </Group>
        {!configured && (
          <Text size="xs" c="dimmed">
            Save a URL and a secret first.
          </Text>
        )}
        {test.isError && <Alert color="red">{errorMessage(test.error)}</Alert>}
        {test.data && <TestOutcome result={test.data} />}
      </Stack>
    </Paper>
  );
}

function TestOutcome({ result }: { result: ExternalBotTestResult }) {
  const skillsets = useSkillsetsQuery();
  const answer = (result.answer ?? {}) as { replies?: BotReply[]; actions?: ExternalAction[] };
  const skillsetName = (id: string | null | undefined) =>
    id ? (skillsets.data?.find((s) => s.id === id)?.name ?? `unknown skillset ${id}`) : 'the general queue';

  return (
    <Stack gap="xs" data-testid="external-test-result" data-ok={result.ok}>
      <Group gap="xs">
        <Badge color={result.ok ? 'green' : 'red'} data-testid="external-test-verdict">
          {result.ok ? 'Answer accepted' : 'Answer refused'}
        </Badge>
        <Badge variant="outline" color="gray" tt="none" data-testid="external-test-status">
          {result.status === null ? 'No HTTP answer' : `HTTP ${result.status}`}
        </Badge>
        <Badge variant="outline" color="gray" tt="none" data-testid="external-test-latency">
          {result.latencyMs} ms
        </Badge>
      </Group>
      {result.reason && (
        <Alert color="red" p="xs" title="Why it is refused" data-testid="external-test-reason">
          <Text size="sm">{result.reason}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            Customers would get the fallback reply.
          </Text>
        </Alert>
      )}
      {result.ok && (
        <>
          {(answer.replies ?? []).length === 0 && (answer.actions ?? []).length === 0 && (
            <Text size="sm" c="dimmed">
              The bot answered nothing to do (an empty answer is allowed).
            </Text>
          )}
          {(answer.replies ?? []).length > 0 && (
            <Stack gap={6} p="sm" bg="#efeae2" style={{ borderRadius: 8 }} aria-label="Replies">
              {(answer.replies ?? []).map((reply, i) => (
                <ReplyBubble key={i} reply={reply} onTap={null} />
              ))}
            </Stack>
          )}
          {(answer.actions ?? []).length > 0 && (
            <List size="sm" data-testid="external-test-actions">
              {(answer.actions ?? []).map((a, i) => (
                <List.Item key={i}>{describe(a, skillsetName)}</List.Item>
              ))}
            </List>
          )}
          <Code block>{JSON.stringify(result.answer, null, 2)}</Code>
        </>
      )}
    </Stack>
  );
}

function describe(a: ExternalAction, skillsetName: (id: string | null | undefined) => string): string {
  switch (a.type) {
    case 'handoff':
      return `Hand off to ${skillsetName(a.skillsetId)}`;
    case 'set_attribute':
      return `Set ${a.key ?? '?'} = ${a.value === null ? '(cleared)' : String(a.value)}`;
    case 'goal':
      return `Goal reached: ${a.name ?? '?'}`;
    case 'close':
      return a.reason ? `Close the conversation (${a.reason})` : 'Close the conversation';
    default:
      return a.type;
  }
}
