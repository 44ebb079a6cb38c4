import {
  ActionIcon,
  Alert,
  Button,
  Grid,
  Group,
  Menu,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  templateCategories,
  variablesIn,
  type SubmitTemplateRequest,
  type TemplateButton,
  type TemplateCategory,
  type TemplateContent,
  type WhatsAppChannel,
} from '@parley/contracts';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../lib/api';
import { useSubmitTemplate } from './queries';
import { TemplatePreview } from './TemplatePreview';

type HeaderFormat = 'none' | 'text' | 'image' | 'video' | 'document' | 'location';

interface FormValues {
  channelId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  headerFormat: HeaderFormat;
  headerText: string;
  headerExample: string;
  /** A media header's example: the handle Meta's upload API gave. */
  headerHandle: string;
  bodyText: string;
  bodyExamples: string[];
  footer: string;
  buttons: TemplateButton[];
}

const NEW_BUTTON: Record<TemplateButton['type'], TemplateButton> = {
  quick_reply: { type: 'quick_reply', text: '' },
  url: { type: 'url', text: '', url: 'https://', example: '' },
  phone_number: { type: 'phone_number', text: '', phoneNumber: '+' },
};

function toContent(v: FormValues): TemplateContent {
  const header: TemplateContent['header'] =
    v.headerFormat === 'none'
      ? undefined
      : v.headerFormat === 'text'
        ? { format: 'text', text: v.headerText, ...(v.headerExample ? { example: v.headerExample } : {}) }
        : v.headerFormat === 'location'
          ? { format: 'location' }
          : { format: v.headerFormat, exampleUrl: v.headerHandle };
  return {
    ...(header ? { header } : {}),
    body: { text: v.bodyText, examples: v.bodyExamples },
    ...(v.footer.trim() ? { footer: v.footer } : {}),
    buttons: v.buttons,
  };
}

/** The server names fields as in the request (`content.buttons.2.text`); the form keeps them flatter. */
function formPath(field: string): string | null {
  const direct: Record<string, string> = {
    channelId: 'channelId',
    name: 'name',
    language: 'language',
    category: 'category',
    'content.body.text': 'bodyText',
    'content.header.text': 'headerText',
    'content.header.example': 'headerExample',
    'content.header.exampleUrl': 'headerHandle',
    'content.footer': 'footer',
  };
  if (direct[field]) return direct[field];
  const example = /^content\.body\.examples\.(\d+)$/.exec(field);
  if (example) return `bodyExamples.${example[1]}`;
  const button = /^content\.buttons\.(\d+)\.(text|url|example|phoneNumber)$/.exec(field);
  return button ? `buttons.${button[1]}.${button[2]}` : null;
}

export function NewTemplateModal({ opened, onClose, channels }: { opened: boolean; onClose: () => void; channels: WhatsAppChannel[] }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New template" size="xl">
      {opened && <NewTemplateForm channels={channels} onDone={onClose} />}
    </Modal>
  );
}

function NewTemplateForm({ channels, onDone }: { channels: WhatsAppChannel[]; onDone: () => void }) {
  const submit = useSubmitTemplate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FormValues>({
    initialValues: {
      channelId: channels[0]?.id ?? '',
      name: '',
      language: 'en_US',
      category: 'utility',
      headerFormat: 'none',
      headerText: '',
      headerExample: '',
      headerHandle: '',
      bodyText: '',
      bodyExamples: [],
      footer: '',
      buttons: [],
    },
    validate: {
      channelId: (v) => (v ? null : 'Choose the WhatsApp number whose account will own the template'),
      name: (v) => (/^[a-z0-9_]{1,512}$/.test(v) ? null : 'Use lowercase letters, digits and underscores, e.g. order_update'),
      bodyText: (v) => (v.trim() ? null : 'Write the message'),
    },
  });
  const v = form.values;
  const bodyVars = [...new Set(variablesIn(v.bodyText))].sort((a, b) => a - b);
  const headerHasVar = v.headerFormat === 'text' && variablesIn(v.headerText).length > 0;
  const content = toContent(v);

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    const body: SubmitTemplateRequest = {
      channelId: values.channelId,
      name: values.name,
      language: values.language.trim(),
      category: values.category,
      content: toContent(values),
    };
    try {
      const created = await submit.mutateAsync(body);
      notifications.show({
        color: 'green',
        title: 'Template submitted',
        message: `“${created.name}” is ${created.status}: Meta reviews it, and its status updates here by itself.`,
      });
      onDone();
    } catch (error) {
      const errors: Record<string, string> = {};
      const unplaced: string[] = [];
      for (const issue of isApiError(error) ? error.issues : []) {
        const path = formPath(issue.field);
        if (path && !errors[path]) errors[path] = issue.message;
        else unplaced.push(issue.field.startsWith('content.buttons') ? `Buttons: ${issue.message}` : issue.message);
      }
      form.setErrors(errors);
      setFormError(unplaced.length > 0 ? unplaced.join('; ') : Object.keys(errors).length > 0 ? null : errorMessage(error));
    }
  });

  const addButton = (type: TemplateButton['type']) => form.insertListItem('buttons', { ...NEW_BUTTON[type] });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="sm">
            <Select
              label="WhatsApp number"
              description="The template belongs to this number’s WhatsApp Business Account"
              data={channels.map((c) => ({ value: c.id, label: `${c.name} (${c.displayPhoneNumber})` }))}
              allowDeselect={false}
              {...form.getInputProps('channelId')}
            />
            <Group grow align="flex-start">
              <TextInput label="Name" required placeholder="order_update" data-autofocus {...form.getInputProps('name')} />
              <TextInput label="Language" required placeholder="en_US" {...form.getInputProps('language')} />
              <Select
                label="Category"
                data={templateCategories.map((c) => ({ value: c, label: c.charAt(0).toUpperCase() + c.slice(1) }))}
                allowDeselect={false}
                {...form.getInputProps('category')}
              />
            </Group>

            <div>
              <Text size="sm" fw={500} mb={4}>
                Header
              </Text>
              <SegmentedControl
                size="xs"
                data={['none', 'text', 'image', 'video', 'document', 'location'].map((f) => ({
                  value: f,
                  label: f.charAt(0).toUpperCase() + f.slice(1),
                }))}
                {...form.getInputProps('headerFormat')}
              />
            </div>
            {v.headerFormat === 'text' && (
              <Group grow align="flex-start">
                <TextInput
                  label="Header text"
                  description="Up to 60 characters, at most one variable {{1}}"
                  {...form.getInputProps('headerText')}
                />
                {headerHasVar && <TextInput label="Example for {{1}}" {...form.getInputProps('headerExample')} />}
              </Group>
            )}
            {['image', 'video', 'document'].includes(v.headerFormat) && (
              <TextInput
                label="Example media handle"
                description="The handle Meta’s resumable upload API returned for a sample file (4::…)"
                {...form.getInputProps('headerHandle')}
              />
            )}

            <Textarea
              label="Body"
              required
              autosize
              minRows={3}
              description="Up to 1,024 characters. Variables are {{1}}, {{2}}… in order, with text between them."
              {...form.getInputProps('bodyText')}
            />
            {bodyVars.map((n) => (
              <TextInput
                key={n}
                label={`Example for {{${n}}}`}
                required
                value={v.bodyExamples[n - 1] ?? ''}
                error={form.errors[`bodyExamples.${n - 1}`]}
                onChange={(e) => {
                  const next = [...v.bodyExamples];
                  while (next.length < n) next.push('');
                  next[n - 1] = e.currentTarget.value;
                  form.setFieldValue('bodyExamples', next);
                }}
              />
            ))}
            <TextInput label="Footer" description="Optional; up to 60 characters, no variables" {...form.getInputProps('footer')} />

            <Group justify="space-between">
              <Title order={4} size="h6">
                Buttons
              </Title>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconPlus size={14} aria-hidden />}
                    disabled={v.buttons.length >= 10}
                  >
                    Add button
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => addButton('quick_reply')}>Quick reply</Menu.Item>
                  <Menu.Item onClick={() => addButton('url')}>Visit website</Menu.Item>
                  <Menu.Item onClick={() => addButton('phone_number')}>Call phone number</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
            {v.buttons.map((b, i) => (
              <Group key={i} align="flex-start" wrap="nowrap" data-testid="template-button-row">
                <TextInput
                  label={i === 0 ? 'Label' : undefined}
                  placeholder="Label"
                  maxLength={25}
                  w={150}
                  {...form.getInputProps(`buttons.${i}.text`)}
                />
                {b.type === 'url' && (
                  <>
                    <TextInput
                      label={i === 0 ? 'URL' : undefined}
                      placeholder="https://ex.com/o/{{1}}"
                      style={{ flex: 1 }}
                      {...form.getInputProps(`buttons.${i}.url`)}
                    />
                    {variablesIn(b.url).length > 0 && (
                      <TextInput
                        label={i === 0 ? 'Example URL' : undefined}
                        placeholder="https://ex.com/o/4821"
                        style={{ flex: 1 }}
                        {...form.getInputProps(`buttons.${i}.example`)}
                      />
                    )}
                  </>
                )}
                {b.type === 'phone_number' && (
                  <TextInput
                    label={i === 0 ? 'Phone' : undefined}
                    placeholder="+15550100"
                    style={{ flex: 1 }}
                    {...form.getInputProps(`buttons.${i}.phoneNumber`)}
                  />
                )}
                {b.type === 'quick_reply' && (
                  <Text size="xs" c="dimmed" mt={i === 0 ? 30 : 8} style={{ flex: 1 }}>
                    Quick reply
                  </Text>
                )}
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={i === 0 ? 26 : 4}
                  aria-label={`Remove button ${i + 1}`}
                  onClick={() => form.removeListItem('buttons', i)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            ))}
            {v.buttons.length > 0 && (
              <Text size="xs" c="dimmed">
                Up to 10 buttons; quick replies together, before or after the others; at most 2 website and 1 phone button.
              </Text>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Text size="sm" fw={500} mb={4}>
            Preview
          </Text>
          <TemplatePreview content={content} />
        </Grid.Col>
      </Grid>
      {formError && (
        <Alert color="red" mt="md">
          {formError}
        </Alert>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={submit.isPending}>
          Submit for review
        </Button>
      </Group>
    </form>
  );
}
