import { Alert, Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import type { ContactView } from '@parley/contracts';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { useNow } from '../../lib/useNow';
import { useUserTime } from '../identity/session';
import { usePauseBot, useResumeBot, useSetInfiniteSession } from './queries';

const MAX_PAUSE_MINUTES = 10_080;

interface BotControlsProps {
  contact: ContactView;
  /** The workspace's default pause, from the conversation settings. */
  defaultPauseMinutes: number;
}

/** Pause the bot for this contact for a while (it resumes by itself), and the infinite-session switch. */
export function BotControls({ contact, defaultPauseMinutes }: BotControlsProps) {
  const time = useUserTime();
  const now = useNow();
  const pause = usePauseBot(contact.id);
  const resume = useResumeBot(contact.id);
  const infinite = useSetInfiniteSession(contact.id);
  const [minutes, setMinutes] = useState<number | string | null>(null);
  // The switch moves at once and shows the requested state until the server confirms (or refuses) it.
  const [requestedInfinite, setRequestedInfinite] = useState<boolean | null>(null);
  const value = minutes ?? defaultPauseMinutes;
  const valid = typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAUSE_MINUTES;
  const pausedUntil = contact.botPausedUntil && new Date(contact.botPausedUntil) > now ? contact.botPausedUntil : null;
  const error = pause.error ?? resume.error ?? infinite.error;

  return (
    <Stack gap="sm">
      {pausedUntil ? (
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" data-testid="bot-paused-until">
            Bot paused until {time.dateTime(pausedUntil)}
          </Text>
          <Button
            size="compact-sm"
            variant="light"
            // The text beside it may wrap in a narrow column; the button keeps its whole label.
            style={{ flexShrink: 0 }}
            leftSection={<IconPlayerPlay size={14} aria-hidden />}
            loading={resume.isPending}
            onClick={() => resume.mutate()}
          >
            Resume
          </Button>
        </Group>
      ) : (
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <NumberInput
            label="Pause for (minutes)"
            size="xs"
            min={1}
            max={MAX_PAUSE_MINUTES}
            allowDecimal={false}
            allowNegative={false}
            value={value}
            onChange={setMinutes}
            error={valid ? undefined : `1 to ${MAX_PAUSE_MINUTES} minutes`}
            style={{ flex: 1 }}
          />
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlayerPause size={14} aria-hidden />}
            disabled={!valid}
            loading={pause.isPending}
            onClick={() => typeof value === 'number' && pause.mutate(value)}
          >
            Pause bot
          </Button>
        </Group>
      )}
      <Switch
        label="Infinite session"
        description="This contact’s session never expires, so the bot keeps its context, until you turn it off."
        checked={requestedInfinite ?? contact.infiniteSession}
        disabled={infinite.isPending}
        onChange={(event) => {
          const enabled = event.currentTarget.checked;
          setRequestedInfinite(enabled);
          infinite.mutate(enabled, { onSettled: () => setRequestedInfinite(null) });
        }}
      />
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
    </Stack>
  );
}
