import { Alert, Badge, Button, Checkbox, Group, NumberInput, Paper, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { putExternalBotRequest, type ExternalBotSettingsView, type PutExternalBotRequest } from '@parley/contracts';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import { useSaveExternalBot } from './queries';

interface ExternalValues {
  url: string;
  secret: string;
  timeoutMs: number | string;
  fallbackReply: string;
  allowPrivateNetwork: boolean;
}

const FIELDS = ['url', 'secret', 'timeoutMs', 'fallbackReply', 'allowPrivateNetwork'] as const;
const shape = putExternalBotRequest.shape;

/** 32 random bytes as hex: a secret nobody has to invent. */
function randomSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function ExternalBotForm({ settings }: { settings: ExternalBotSettingsView }) {
  const save = useSaveExternalBot();
  const [formError, setFormError] = useState<string | null>(null);
  // The secret is write-only: once set, the field only appears to rotate it.
  const [rotating, setRotating] = useState(!settings.secretSet);

  const form = useForm<ExternalValues>({
    initialValues: {
      url: settings.url ?? '',
      secret: '',
      timeoutMs: settings.timeoutMs,
      fallbackReply: settings.fallbackReply,
      allowPrivateNetwork: settings.allowPrivateNetwork,
    },
    validate: {
      url: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? null : 'Enter the bot’s URL, starting with https:// (or http://)'),
      timeoutMs: schemaRule(shape.timeoutMs, 'Enter a timeout in milliseconds'),
      fallbackReply: schemaRule(shape.fallbackReply, 'Enter the reply customers get when the bot fails'),
    },
  });

  // Checked here rather than as a form rule: whether a secret is asked for changes while the form is open.
  const secretProblem = (secret: string): string | null => {
    if (!rotating) return null;
    if (!secret) return settings.secretSet ? 'Enter the new secret, or cancel the rotation' : 'A signing secret is required';
    return schemaRule(shape.secret)(secret);
  };

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    const problem = secretProblem(values.secret);
    if (problem) {
      form.setFieldError('secret', problem);
      return;
    }
    // Every setting is sent: one left out goes back to its default.
    const body: PutExternalBotRequest = {
      url: values.url.trim(),
      timeoutMs: Number(values.timeoutMs),
      fallbackReply: values.fallbackReply.trim(),
      allowPrivateNetwork: values.allowPrivateNetwork,
      ...(rotating && values.secret ? { secret: values.secret } : {}),
    };
    save.mutate(body, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: 'External bot saved',
          message: rotating && settings.secretSet ? 'The new secret signs every event from now on.' : 'Send a test event to check it.',
        });
      },
      onError: (error) => {
        const { fieldErrors, formError } = submitErrors(error, FIELDS);
        form.setErrors(fieldErrors);
        setFormError(formError);
      },
    });
  });

  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={handleSubmit} noValidate aria-label="External bot settings">
        <Stack>
          <TextInput
            label="URL"
            required
            placeholder="https://bot.example.com/parley"
            description="Must resolve to a public address, unless private networks are allowed below."
            maxLength={2048}
            {...form.getInputProps('url')}
          />
          {rotating ? (
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <PasswordInput
                label={settings.secretSet ? 'New signing secret' : 'Signing secret'}
                required
                description="At least 16 characters. Copy it into your bot now: it cannot be shown again."
                autoComplete="new-password"
                style={{ flex: 1 }}
                {...form.getInputProps('secret')}
                // Mantine marks a password field invalid only visually; screen readers need it too.
                aria-invalid={form.errors.secret ? true : undefined}
              />
              <Button variant="default" onClick={() => form.setFieldValue('secret', randomSecret())}>
                Generate
              </Button>
              {settings.secretSet && (
                <Button
                  variant="subtle"
                  onClick={() => {
                    setRotating(false);
                    form.setFieldValue('secret', '');
                  }}
                >
                  Cancel
                </Button>
              )}
            </Group>
          ) : (
            <Group gap="sm">
              <Text size="sm" fw={500}>
                Signing secret
              </Text>
              <Badge color="green" variant="light" data-testid="external-secret-state">
                Set
              </Badge>
              <Button size="compact-sm" variant="light" leftSection={<IconKey size={14} aria-hidden />} onClick={() => setRotating(true)}>
                Rotate secret
              </Button>
            </Group>
          )}
          <NumberInput
            label="Timeout (ms)"
            description="How long Parley waits for an answer: 500 to 10000."
            min={500}
            max={10000}
            step={500}
            allowDecimal={false}
            allowNegative={false}
            w={240}
            {...form.getInputProps('timeoutMs')}
          />
          <Textarea
            label="Fallback reply"
            required
            description="Sent to the customer when the bot fails, is too slow or answers something Parley cannot use."
            autosize
            minRows={2}
            maxLength={2048}
            {...form.getInputProps('fallbackReply')}
          />
          <Checkbox
            label="Allow private network addresses"
            description="Let the URL point at a loopback, private or link-local address (a bot on your own network)."
            {...form.getInputProps('allowPrivateNetwork', { type: 'checkbox' })}
          />
          {form.values.allowPrivateNetwork && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} p="xs" data-testid="private-network-warning">
              <Text size="sm">
                Admins only, and only for a bot you run yourself: with this on, Parley will send requests to addresses inside your network.
                Anyone who can change this URL could then reach internal services through Parley.
              </Text>
            </Alert>
          )}
          {formError && <Alert color="red">{formError}</Alert>}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save external bot
            </Button>
            {form.isDirty() && (
              <Text size="xs" c="dimmed">
                The test event uses the saved settings.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
