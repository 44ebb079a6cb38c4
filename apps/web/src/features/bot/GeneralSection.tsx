import { Alert, Anchor, Input, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { BotMode } from '@parley/contracts';
import { Link } from 'react-router';
import { charCount, Section } from './FormBits';
import type { BotForm } from './form';

const modes: { value: BotMode; label: string }[] = [
  { value: 'builtin', label: 'Built-in bot' },
  { value: 'external', label: 'External bot' },
  { value: 'off', label: 'Off' },
];

const modeHelp: Record<BotMode, string> = {
  builtin: 'This personality answers customers while a conversation is with the bot.',
  external: 'Your own bot answers, over HTTP; this personality is kept but customers do not get its answers.',
  off: 'Nobody answers automatically: every conversation waits for a person.',
};

export function GeneralSection({ form }: { form: BotForm }) {
  const mode = form.values.mode;
  return (
    <Section
      id="bot-general"
      title="Who answers"
      description="The bot speaks only while a conversation is with it, and never while it is paused for a contact."
    >
      <Input.Wrapper label="Mode" error={form.errors.mode} description={modeHelp[mode]}>
        <SegmentedControl
          mt={4}
          data={modes}
          value={mode}
          onChange={(value) => form.setFieldValue('mode', value as BotMode)}
          aria-label="Bot mode"
          data-testid="bot-mode"
        />
      </Input.Wrapper>
      {mode === 'external' && (
        <Alert color="blue" p="xs">
          <Text size="sm">
            Set its URL and secret in{' '}
            <Anchor component={Link} to="/settings/external-bot">
              External bot
            </Anchor>
            .
          </Text>
        </Alert>
      )}
      <Stack gap="sm">
        <Textarea
          label="Greeting"
          description="Sent when a conversation starts, before the menu. Leave empty to send the menu alone."
          autosize
          minRows={2}
          maxLength={1024}
          {...form.getInputProps('greeting')}
        />
        <TextInput
          label="List button"
          description={`The button that opens a WhatsApp list (menus of more than 3 options). ${charCount(form.values.listButton, 20)}`}
          maxLength={40}
          w={280}
          {...form.getInputProps('listButton')}
        />
      </Stack>
    </Section>
  );
}
