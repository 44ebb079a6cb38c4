import { Alert, Button, Group, Modal, MultiSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createSkillsetRequest, type Skillset, type UpdateSkillsetRequest, type User } from '@parley/contracts';
import { useState } from 'react';
import { isApiError } from '../../lib/api';
import { schemaRule, submitErrors } from '../../lib/forms';
import { useLastNonNull } from '../identity/useLastNonNull';
import { useCreateSkillset, useSetSkillsetMembers, useUpdateSkillset } from './queries';

interface SkillsetValues {
  name: string;
  /** '' is "normal" (no priority). */
  priority: number | string;
  memberIds: string[];
}

const FIELDS = ['name', 'priority', 'memberIds'] as const;
const shape = createSkillsetRequest.shape;

interface SkillsetModalProps {
  /** The skillset to edit, 'new' to add one, null closes the modal. */
  target: Skillset | 'new' | null;
  users: User[];
  onClose: () => void;
}

export function SkillsetModal({ target, users, onClose }: SkillsetModalProps) {
  const shown = useLastNonNull(target);
  const title = shown === 'new' || shown === null ? 'Add skillset' : `Edit ${shown.name}`;
  return (
    <Modal opened={target !== null} onClose={onClose} title={title}>
      {shown && (
        <SkillsetForm key={shown === 'new' ? 'new' : shown.id} initial={shown === 'new' ? null : shown} users={users} onDone={onClose} />
      )}
    </Modal>
  );
}

function SkillsetForm({ initial, users, onDone }: { initial: Skillset | null; users: User[]; onDone: () => void }) {
  const create = useCreateSkillset();
  const update = useUpdateSkillset();
  const setMembers = useSetSkillsetMembers();
  // Once created, a failed member update must not create the skillset a second time on retry.
  const [saved, setSaved] = useState<Skillset | null>(initial);
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<SkillsetValues>({
    initialValues: { name: initial?.name ?? '', priority: initial?.priority ?? '', memberIds: initial?.memberIds ?? [] },
    validate: {
      name: schemaRule(shape.name, 'Enter a name'),
      priority: (value) => (value === '' ? null : schemaRule(shape.priority)(Number(value))),
    },
  });

  // Active users can join; a deactivated member stays listed (by name) until removed.
  const memberOptions = users
    .filter((u) => u.active || form.values.memberIds.includes(u.id))
    .map((u) => ({ value: u.id, label: u.active ? `${u.name} (${u.email})` : `${u.name} (deactivated)` }));

  const showError = (error: unknown) => {
    const { fieldErrors, formError } = submitErrors(error, FIELDS);
    let message = formError;
    // The members call names each bad id as userIds.N: shown on the members field, with who it is.
    const memberIssues = isApiError(error) ? error.issues.filter((i) => i.field.startsWith('userIds')) : [];
    if (isApiError(error) && memberIssues.length > 0) {
      fieldErrors.memberIds = memberIssues
        .map((issue) => {
          const who = users.find((u) => u.id === form.values.memberIds[Number(issue.field.split('.')[1])])?.name;
          return `${who ?? 'A member'} ${issue.message}`;
        })
        .join('; ');
      const others = error.issues.filter((i) => !i.field.startsWith('userIds') && !fieldErrors[i.field.split('.').at(-1) ?? '']);
      message = others.length > 0 ? others.map((i) => `${i.field}: ${i.message}`).join('; ') : null;
    }
    form.setErrors(fieldErrors);
    setFormError(message);
  };

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    const name = values.name.trim();
    const priority = values.priority === '' ? null : Number(values.priority);
    try {
      let current = saved;
      if (!current) {
        current = await create.mutateAsync({ name, priority });
        setSaved(current);
      } else {
        const body: UpdateSkillsetRequest = {};
        if (name !== current.name) body.name = name;
        if (priority !== current.priority) body.priority = priority;
        if (Object.keys(body).length > 0) current = await update.mutateAsync({ id: current.id, body });
      }
      const before = current.memberIds;
      const sameMembers = before.length === values.memberIds.length && values.memberIds.every((id) => before.includes(id));
      if (!sameMembers) current = await setMembers.mutateAsync({ id: current.id, userIds: values.memberIds });
      notifications.show({
        color: 'green',
        title: 'Skillset saved',
        message: `“${current.name}” has ${current.memberIds.length === 1 ? '1 member' : `${current.memberIds.length} members`}.`,
      });
      onDone();
    } catch (error) {
      showError(error);
    }
  });

  const pending = create.isPending || update.isPending || setMembers.isPending;
  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        <TextInput label="Name" required data-autofocus maxLength={80} placeholder="Sales" {...form.getInputProps('name')} />
        <NumberInput
          label="Priority"
          description="0 to 100; empty is normal. Conversations waiting for a higher-priority skillset are served first."
          min={0}
          max={100}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('priority')}
        />
        <MultiSelect
          label="Members"
          description="Agents who take this skillset’s conversations."
          placeholder={form.values.memberIds.length === 0 ? 'Choose users' : undefined}
          searchable
          clearable
          nothingFoundMessage="No active user matches"
          data={memberOptions}
          {...form.getInputProps('memberIds')}
        />
        {formError && <Alert color="red">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {initial ? 'Save changes' : 'Add skillset'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
