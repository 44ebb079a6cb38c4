import { Alert, Button, Fieldset, Group, NumberInput, Stack, TagsInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { conversationSettingsView, type ConversationSettingsView } from '@parley/contracts';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import { useSaveConversationSettings } from './queries';

interface SettingsValues {
  sessionMinutes: number | string;
  pauseMinutes: number | string;
  idleCloseMinutes: number | string;
  closeReasons: string[];
}

const FIELDS = ['sessionMinutes', 'pauseMinutes', 'idleCloseMinutes', 'closeReasons'] as const;
const shape = conversationSettingsView.shape;
const minutesMessage = 'Enter a number of minutes';

export function ConversationSettingsForm({ settings, canEdit }: { settings: ConversationSettingsView; canEdit: boolean }) {
  const save = useSaveConversationSettings();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<SettingsValues>({
    initialValues: settings,
    validate: {
      sessionMinutes: schemaRule(shape.sessionMinutes, minutesMessage),
      pauseMinutes: schemaRule(shape.pauseMinutes, minutesMessage),
      idleCloseMinutes: schemaRule(shape.idleCloseMinutes, minutesMessage),
      closeReasons: (value) => (value.length === 0 ? 'Add at least one reason' : schemaRule(shape.closeReasons)(value)),
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    // The server replaces the whole settings object, so every field is sent.
    const body: ConversationSettingsView = {
      sessionMinutes: Number(values.sessionMinutes),
      pauseMinutes: Number(values.pauseMinutes),
      idleCloseMinutes: Number(values.idleCloseMinutes),
      closeReasons: values.closeReasons.map((r) => r.trim()).filter(Boolean),
    };
    save.mutate(body, {
      onSuccess: (saved) => {
        form.setInitialValues(saved);
        form.setValues(saved);
        notifications.show({ color: 'green', title: 'Conversation settings saved', message: 'They apply from the next message.' });
      },
      onError: (error) => {
        const { fieldErrors, formError } = submitErrors(error, FIELDS);
        form.setErrors(fieldErrors);
        setFormError(formError);
      },
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Fieldset variant="unstyled" disabled={!canEdit}>
        <Stack>
          <NumberInput
            label="Session length (minutes)"
            required
            min={1}
            max={1440}
            allowDecimal={false}
            description="A new session starts when the customer writes after a longer gap."
            {...form.getInputProps('sessionMinutes')}
          />
          <NumberInput
            label="Default bot pause (minutes)"
            required
            min={1}
            max={10080}
            allowDecimal={false}
            description="Offered when someone pauses the bot for a contact; the bot resumes by itself afterwards."
            {...form.getInputProps('pauseMinutes')}
          />
          <NumberInput
            label="Close idle conversations after (minutes)"
            required
            min={5}
            max={43200}
            allowDecimal={false}
            description="A conversation with no message for this long is closed automatically."
            {...form.getInputProps('idleCloseMinutes')}
          />
          <TagsInput
            label="Close reasons"
            required
            description="Agents pick one when they close a conversation. Press Enter after each reason."
            maxTags={50}
            clearable={false}
            {...form.getInputProps('closeReasons')}
          />
          {formError && <Alert color="red">{formError}</Alert>}
          {canEdit && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save settings
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
