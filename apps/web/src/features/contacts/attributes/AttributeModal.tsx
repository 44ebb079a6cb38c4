import { Alert, Button, Checkbox, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  attributeKey,
  attributeTypes,
  type AttributeDefinition,
  type AttributeType,
  type CreateAttributeRequest,
  type UpdateAttributeRequest,
} from '@parley/contracts';
import { useState } from 'react';
import { isApiError } from '../../../lib/api';
import { schemaRule, submitErrors } from '../../../lib/forms';
import { useLastNonNull } from '../../identity/useLastNonNull';
import { attributeTypeLabels, suggestKey } from './labels';
import { useCreateAttribute, useUpdateAttribute } from './queries';

interface AttributeValues {
  label: string;
  key: string;
  type: AttributeType;
  options: string[];
  agentEditable: boolean;
  topProperty: boolean;
}

const FIELDS = ['label', 'key', 'type', 'options', 'agentEditable', 'topProperty'] as const;
const typeOptions = attributeTypes.map((t) => ({ value: t, label: attributeTypeLabels[t] }));

export function AttributeModal({ target, onClose }: { target: AttributeDefinition | 'new' | null; onClose: () => void }) {
  const shown = useLastNonNull(target);
  const title = shown === 'new' || shown === null ? 'Add attribute' : `Edit ${shown.label}`;
  return (
    <Modal opened={target !== null} onClose={onClose} title={title}>
      {shown && <AttributeForm key={shown === 'new' ? 'new' : shown.key} initial={shown === 'new' ? null : shown} onDone={onClose} />}
    </Modal>
  );
}

function AttributeForm({ initial, onDone }: { initial: AttributeDefinition | null; onDone: () => void }) {
  const create = useCreateAttribute();
  const update = useUpdateAttribute();
  const [formError, setFormError] = useState<string | null>(null);
  // The key follows the label until someone types one of their own.
  const [keyTouched, setKeyTouched] = useState(initial !== null);

  const form = useForm<AttributeValues>({
    initialValues: {
      label: initial?.label ?? '',
      key: initial?.key ?? '',
      type: initial?.type ?? 'text',
      options: initial?.options ?? [],
      agentEditable: initial?.agentEditable ?? false,
      topProperty: initial?.topProperty ?? false,
    },
    validate: {
      label: (v) => (v.trim() ? (v.trim().length > 80 ? 'Must be at most 80 characters' : null) : 'Enter a label'),
      key: initial ? undefined : schemaRule(attributeKey, 'Enter a key'),
      options: (v, values) => (values.type === 'list' && v.length === 0 ? 'Add at least one option' : null),
    },
  });

  const showError = (error: unknown) => {
    const { fieldErrors, formError } = submitErrors(error, FIELDS);
    let message = formError;
    // One bad option comes back as options.N: shown on the options field, naming the option.
    const optionIssues = isApiError(error) ? error.issues.filter((i) => /^options\.\d+$/.test(i.field)) : [];
    if (optionIssues.length > 0) {
      fieldErrors.options = optionIssues
        .map((i) => `“${form.values.options[Number(i.field.split('.')[1])] ?? ''}” ${i.message}`)
        .join('; ');
      const rest = isApiError(error) ? error.issues.filter((i) => !/^options\.\d+$/.test(i.field) && !fieldErrors[i.field]) : [];
      message = rest.length > 0 ? rest.map((i) => `${i.field}: ${i.message}`).join('; ') : null;
    }
    form.setErrors(fieldErrors);
    setFormError(message);
  };

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    const options = values.options.map((o) => o.trim()).filter(Boolean);
    const done = (saved: AttributeDefinition) => {
      notifications.show({ color: 'green', title: 'Attribute saved', message: `“${saved.label}” (${saved.key}) is saved.` });
      onDone();
    };
    if (!initial) {
      const body: CreateAttributeRequest = {
        key: values.key,
        label: values.label.trim(),
        type: values.type,
        agentEditable: values.agentEditable,
        topProperty: values.topProperty,
        ...(values.type === 'list' ? { options } : {}),
      };
      create.mutate(body, { onSuccess: done, onError: showError });
      return;
    }
    const body: UpdateAttributeRequest = {};
    if (values.label.trim() !== initial.label) body.label = values.label.trim();
    if (initial.type === 'list' && options.join('\n') !== (initial.options ?? []).join('\n')) body.options = options;
    if (values.agentEditable !== initial.agentEditable) body.agentEditable = values.agentEditable;
    if (values.topProperty !== initial.topProperty) body.topProperty = values.topProperty;
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    update.mutate({ key: initial.key, body }, { onSuccess: done, onError: showError });
  });

  const removedOptions = initial?.options?.filter((o) => !form.values.options.includes(o)) ?? [];
  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        <TextInput
          label="Label"
          required
          data-autofocus
          maxLength={80}
          placeholder="Preferred city"
          {...form.getInputProps('label')}
          onChange={(e) => {
            form.setFieldValue('label', e.currentTarget.value);
            if (!keyTouched) form.setFieldValue('key', suggestKey(e.currentTarget.value));
          }}
        />
        <TextInput
          label="Key"
          required
          disabled={initial !== null}
          description={
            initial ? 'The key never changes: the API and imports name the attribute by it.' : 'For the API and imports: a–z, 0–9 and _.'
          }
          maxLength={64}
          {...form.getInputProps('key')}
          onChange={(e) => {
            setKeyTouched(true);
            form.setFieldValue('key', e.currentTarget.value);
          }}
        />
        <Select
          label="Type"
          required
          allowDeselect={false}
          disabled={initial !== null}
          description={initial ? 'Values are stored by type, so the type never changes.' : undefined}
          data={typeOptions}
          {...form.getInputProps('type')}
          onChange={(value) => value && form.setFieldValue('type', value as AttributeType)}
        />
        {form.values.type === 'list' && (
          <TagsInput
            label="Options"
            required
            description="The values a contact may hold. Press Enter after each one."
            maxTags={200}
            clearable
            {...form.getInputProps('options')}
          />
        )}
        {removedOptions.length > 0 && (
          <Text size="xs" c="orange.8">
            Contacts holding {removedOptions.map((o) => `“${o}”`).join(', ')} keep it until their value is changed.
          </Text>
        )}
        <Checkbox
          label="Agents can edit it"
          description="Otherwise only admins and supervisors change it."
          {...form.getInputProps('agentEditable', { type: 'checkbox' })}
        />
        <Checkbox
          label="Top property"
          description="Shown first in the contact’s profile."
          {...form.getInputProps('topProperty', { type: 'checkbox' })}
        />
        {formError && <Alert color="red">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {initial ? 'Save changes' : 'Add attribute'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
