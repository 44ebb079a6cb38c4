import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { WebchatChannel } from '@parley/contracts';
import { IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { submitErrors } from '../../lib/forms';
import { CopyField } from './CopyField';
import { WIDGET_FIELDS, WidgetFields, widgetValidation, type WidgetValues } from './WidgetFields';
import { useUpdateWidget } from './widget-queries';

/** A website chat's details: the snippet to paste, a live preview, and (for admins) its settings. */
export function WidgetSettings({ channel, canManage }: { channel: WebchatChannel; canManage: boolean }) {
  // Same origin as this app (the test page may only be framed by it), whatever PUBLIC_URL says.
  const testPath = `/widget/test?key=${encodeURIComponent(channel.widgetKey)}`;
  return (
    <Stack gap="lg">
      <Stack gap="sm" component="section" aria-labelledby="widget-install-heading">
        <Title order={3} size="h5" id="widget-install-heading">
          Add it to your site
        </Title>
        <Text size="sm">
          Paste this snippet into every page that should show the chat, just before <code>&lt;/body&gt;</code>. The key in it is public: it
          only names this widget.
        </Text>
        <CopyField label="Snippet" value={channel.snippet} copyLabel="Copy snippet" testId="widget-snippet" />
        <Anchor href={channel.testPageUrl} target="_blank" rel="noopener" size="sm" data-testid="widget-test-page">
          <Group gap={4} component="span">
            Open the test page <IconExternalLink size={14} aria-hidden />
          </Group>
        </Anchor>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="widget-preview-heading">
        <Title order={3} size="h5" id="widget-preview-heading">
          Live preview
        </Title>
        <Text size="sm" c="dimmed">
          The real widget, talking to this server: a message sent here arrives in the inbox like any visitor’s.
        </Text>
        <iframe
          key={`${channel.title}|${channel.accentColor}`}
          src={`${testPath}&preview=1`}
          title="Widget preview"
          data-testid="widget-preview"
          style={{ width: '100%', height: 620, border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
        />
      </Stack>

      {canManage && <WidgetSettingsForm channel={channel} />}
    </Stack>
  );
}

function WidgetSettingsForm({ channel }: { channel: WebchatChannel }) {
  const update = useUpdateWidget();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<WidgetValues>({
    initialValues: { name: channel.name, title: channel.title, accentColor: channel.accentColor, allowedOrigins: channel.allowedOrigins },
    validate: widgetValidation,
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { id: channel.id, ...values, name: values.name.trim(), title: values.title.trim() },
      {
        onSuccess: (saved) => {
          const next = { name: saved.name, title: saved.title, accentColor: saved.accentColor, allowedOrigins: saved.allowedOrigins };
          form.setInitialValues(next);
          form.setValues(next);
          notifications.show({ color: 'green', title: 'Widget saved', message: 'Open widgets pick it up when they next connect.' });
        },
        onError: (error) => {
          const { fieldErrors, formError } = submitErrors(error, WIDGET_FIELDS);
          form.setErrors(fieldErrors);
          setFormError(formError);
        },
      },
    );
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-labelledby="widget-settings-heading">
      <Stack gap="sm">
        <Title order={3} size="h5" id="widget-settings-heading">
          Settings
        </Title>
        <WidgetFields form={form} />
        {formError && <Alert color="red">{formError}</Alert>}
        <Group>
          <Button type="submit" loading={update.isPending}>
            Save widget
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
