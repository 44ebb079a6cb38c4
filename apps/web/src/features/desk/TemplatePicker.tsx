import { Alert, Button, Grid, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { templateSlots, type TemplateValues, type TemplateView } from '@parley/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, isApiError } from '../../lib/api';
import { TemplatePreview } from '../templates/TemplatePreview';
import { useSendableTemplates, useSendTemplate } from './queries';

interface TemplatePickerProps {
  conversationId: string;
  channelId: string;
  opened: boolean;
  onClose: () => void;
}

/** Send a template: an approved one of the number's account, its variables filled in, previewed as the customer will see it. */
export function TemplatePicker({ conversationId, channelId, opened, onClose }: TemplatePickerProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Send a template" size="xl">
      {opened && <PickerForm conversationId={conversationId} channelId={channelId} onDone={onClose} />}
    </Modal>
  );
}

function PickerForm({ conversationId, channelId, onDone }: { conversationId: string; channelId: string; onDone: () => void }) {
  const templates = useSendableTemplates(channelId, true);
  const send = useSendTemplate(conversationId);
  const navigate = useNavigate();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [values, setValues] = useState<TemplateValues>({ body: [], urlButtons: {} });
  const template = templates.data?.find((t) => t.id === templateId);
  const slots = template ? templateSlots(template.content) : null;
  const issueOf = (field: string) =>
    isApiError(send.error) ? send.error.issues.find((i) => i.field === field || i.field.startsWith(`${field}[`))?.message : undefined;

  const choose = (id: string | null) => {
    setTemplateId(id);
    setValues({ body: [], urlButtons: {} });
    send.reset();
  };
  const complete =
    slots !== null &&
    Array.from({ length: slots.body }, (_, i) => values.body[i]?.trim()).every(Boolean) &&
    (!slots.header || Boolean(values.header?.trim())) &&
    slots.urlButtons.every((i) => values.urlButtons?.[String(i)]?.trim());

  const submit = () => {
    if (!template || !slots) return;
    send.mutate(
      {
        templateId: template.id,
        body: Array.from({ length: slots.body }, (_, i) => values.body[i] ?? ''),
        ...(values.header ? { header: values.header } : {}),
        urlButtons: Object.fromEntries(slots.urlButtons.map((i) => [String(i), values.urlButtons?.[String(i)] ?? ''])),
      },
      {
        onSuccess: (sent) => {
          notifications.show({ color: 'green', title: 'Template queued', message: `${template.name} is on its way.` });
          onDone();
          // A closed conversation's template starts a thread of its own: show it where it went.
          if (sent.conversationId !== conversationId) void navigate(`/inbox/${sent.conversationId}`);
        },
      },
    );
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="sm">
          <Select
            label="Template"
            placeholder={templates.isPending ? 'Loading…' : 'Choose an approved template'}
            data={(templates.data ?? []).map(option)}
            value={templateId}
            onChange={choose}
            searchable
            nothingFoundMessage="No approved template of that name"
            data-testid="template-select"
          />
          {templates.isError && <Alert color="red">{errorMessage(templates.error)}</Alert>}
          {templates.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              This number has no approved template yet. Admins submit and sync them on the Templates page.
            </Text>
          )}
          {template && slots && (
            <>
              {slots.header && (
                <TextInput
                  label="Header {{1}}"
                  value={values.header ?? ''}
                  onChange={(e) => setValues({ ...values, header: e.currentTarget.value })}
                  error={issueOf('header')}
                  required
                />
              )}
              {template.content.header && template.content.header.format !== 'text' && template.content.header.format !== 'location' && (
                <TextInput
                  label={`Header ${template.content.header.format} link (https)`}
                  description="Leave empty to use the template's example."
                  value={values.header ?? ''}
                  onChange={(e) => setValues({ ...values, header: e.currentTarget.value })}
                  error={issueOf('header')}
                />
              )}
              {Array.from({ length: slots.body }, (_, i) => (
                <TextInput
                  key={i}
                  label={`Body {{${i + 1}}}`}
                  placeholder={template.content.body.examples[i]}
                  value={values.body[i] ?? ''}
                  onChange={(e) => {
                    const body = [...values.body];
                    body[i] = e.currentTarget.value;
                    setValues({ ...values, body });
                  }}
                  error={issueOf(`body[${i}]`) ?? (i === 0 ? issueOf('body') : undefined)}
                  required
                  data-testid="template-variable"
                />
              ))}
              {slots.urlButtons.map((index) => (
                <TextInput
                  key={index}
                  label={`Link of button “${template.content.buttons[index]?.text ?? index}”`}
                  value={values.urlButtons?.[String(index)] ?? ''}
                  onChange={(e) => setValues({ ...values, urlButtons: { ...values.urlButtons, [String(index)]: e.currentTarget.value } })}
                  error={issueOf(`urlButtons.${index}`)}
                  required
                />
              ))}
            </>
          )}
          {send.isError && (
            <Alert color="red" title="Not sent" data-testid="template-error">
              {errorMessage(send.error)}
            </Alert>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        {template ? (
          <TemplatePreview content={template.content} values={previewValues(values, slots?.body ?? 0)} />
        ) : (
          <Text size="sm" c="dimmed">
            The preview shows here, with your values filled in.
          </Text>
        )}
      </Grid.Col>
      <Grid.Col span={12}>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!complete} loading={send.isPending} data-testid="template-send">
            Send template
          </Button>
        </Group>
      </Grid.Col>
    </Grid>
  );
}

function option(t: TemplateView) {
  return { value: t.id, label: `${t.name} (${t.language}, ${t.category})` };
}

/** An empty variable shows as its {{n}}, so the preview reveals what is still missing. */
function previewValues(values: TemplateValues, bodyCount: number): TemplateValues {
  const body = Array.from({ length: bodyCount }, (_, i) => values.body[i] || `{{${i + 1}}}`);
  return { ...values, body, ...(values.header ? {} : { header: undefined }) };
}
