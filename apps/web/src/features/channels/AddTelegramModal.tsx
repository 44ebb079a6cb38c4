import { PasswordInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createTelegramChannelRequest, type CreateTelegramChannelRequest, type TelegramChannel } from '@parley/contracts';
import { useState } from 'react';
import { ChannelFormDialog, ChannelFormFrame, type ChannelFormProps } from './ChannelFormDialog';
import { optionalSchemaRule, schemaRule, submitErrors } from '../../lib/forms';
import { useCreateTelegramChannel } from './queries';

interface TelegramValues {
  name: string;
  botToken: string;
  apiBaseUrl: string;
}

const FIELDS = ['name', 'botToken', 'apiBaseUrl'] as const;
const shape = createTelegramChannelRequest.shape;

interface AddTelegramModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called with the new channel, so its bot and webhook can be shown next. */
  onCreated: (channel: TelegramChannel) => void;
}

export function AddTelegramModal({ opened, onClose, onCreated }: AddTelegramModalProps) {
  return <ChannelFormDialog opened={opened} onClose={onClose} onCreated={onCreated} title="Add Telegram bot" Form={AddTelegramForm} />;
}

function toRequest(values: TelegramValues): CreateTelegramChannelRequest {
  return {
    kind: 'telegram',
    name: values.name.trim(),
    botToken: values.botToken.trim(),
    ...(values.apiBaseUrl.trim() ? { apiBaseUrl: values.apiBaseUrl.trim() } : {}),
  };
}

function AddTelegramForm({ onCancel, onCreated }: ChannelFormProps<TelegramChannel>) {
  const create = useCreateTelegramChannel();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TelegramValues>({
    initialValues: { name: '', botToken: '', apiBaseUrl: '' },
    validate: {
      name: schemaRule(shape.name, 'Enter a name'),
      botToken: schemaRule(shape.botToken, 'Enter the bot token'),
      apiBaseUrl: optionalSchemaRule(shape.apiBaseUrl),
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(toRequest(values), {
      onSuccess: (channel) => {
        notifications.show({
          color: 'green',
          title: 'Bot connected',
          message: `${channel.botUsername ? `@${channel.botUsername}` : channel.botName} now receives its messages in Parley.`,
        });
        onCreated(channel);
      },
      onError: (error) => {
        const { fieldErrors, formError } = submitErrors(error, FIELDS);
        form.setErrors(fieldErrors);
        setFormError(formError);
      },
    });
  });

  return (
    <ChannelFormFrame
      onSubmit={handleSubmit}
      onCancel={onCancel}
      formError={formError}
      pending={create.isPending}
      submitLabel="Connect bot"
    >
      <Text size="sm">
        Create a bot with <strong>@BotFather</strong> in Telegram (<code>/newbot</code>) and paste the token it gives you. Parley checks the
        token and registers its webhook with Telegram itself: there is nothing to paste back.
      </Text>
      <TextInput
        label="Name"
        required
        data-autofocus
        description="How this bot appears in Parley, e.g. “Support bot”."
        {...form.getInputProps('name')}
      />
      <PasswordInput
        label="Bot token"
        required
        autoComplete="off"
        placeholder="123456789:AA…"
        description="From @BotFather. Parley stores it encrypted and never shows it again."
        {...form.getInputProps('botToken')}
      />
      <TextInput
        label="Bot API base URL"
        placeholder="https://api.telegram.org"
        description="Optional. Leave empty for Telegram. Point it to a local fake of the Bot API for tests."
        {...form.getInputProps('apiBaseUrl')}
      />
    </ChannelFormFrame>
  );
}
