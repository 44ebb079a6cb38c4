import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  password as passwordSchema,
  personName,
  timezone as timezoneSchema,
  type DateFormat,
  type Role,
  type UpdateUserRequest,
  type User,
} from '@parley/contracts';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import { DateFormatSelect, isDateFormat, RoleSelect, TimezoneSelect } from './fields';
import { useUpdateUser } from './queries';
import { useLastNonNull } from './useLastNonNull';

interface EditUserValues {
  name: string;
  role: Role;
  timezone: string;
  dateFormat: DateFormat;
  password: string;
}

const FIELDS = ['name', 'role', 'timezone', 'dateFormat', 'password'] as const;

interface EditUserModalProps {
  /** The user being edited; null closes the modal. */
  user: User | null;
  onClose: () => void;
}

export function EditUserModal({ user: target, onClose }: EditUserModalProps) {
  const user = useLastNonNull(target);
  return (
    <Modal opened={target !== null} onClose={onClose} title={user ? `Edit ${user.name}` : 'Edit user'}>
      {/* Modal unmounts its content once closed, so the next opening starts from the saved values. */}
      {user && <EditUserForm key={user.id} user={user} onDone={onClose} />}
    </Modal>
  );
}

/** Only what changed is sent, so an untouched field never trips a server rule (e.g. on one's own role). */
function changes(user: User, values: EditUserValues): UpdateUserRequest {
  const body: UpdateUserRequest = {};
  if (values.name.trim() !== user.name) body.name = values.name.trim();
  if (values.role !== user.role) body.role = values.role;
  if (values.timezone !== user.timezone) body.timezone = values.timezone;
  if (values.dateFormat !== user.dateFormat) body.dateFormat = values.dateFormat;
  if (values.password) body.password = values.password;
  return body;
}

function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const updateUser = useUpdateUser();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<EditUserValues>({
    initialValues: {
      name: user.name,
      role: user.role,
      timezone: user.timezone,
      dateFormat: user.dateFormat,
      password: '',
    },
    validate: {
      name: schemaRule(personName, 'Enter a name'),
      timezone: schemaRule(timezoneSchema, 'Choose a time zone'),
      // Empty means "keep the current password".
      password: (value) => (value ? schemaRule(passwordSchema)(value) : null),
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    const body = changes(user, values);
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    updateUser.mutate(
      { id: user.id, body },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'green', title: 'User saved', message: `${saved.name} was updated.` });
          onDone();
        },
        onError: (error) => {
          const { fieldErrors, formError } = submitErrors(error, FIELDS);
          form.setErrors(fieldErrors);
          setFormError(formError);
        },
      },
    );
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {user.email}
        </Text>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <RoleSelect required {...form.getInputProps('role')} onChange={(value) => value && form.setFieldValue('role', value as Role)} />
        <TimezoneSelect required {...form.getInputProps('timezone')} />
        <DateFormatSelect
          required
          {...form.getInputProps('dateFormat')}
          onChange={(value) => {
            if (isDateFormat(value)) form.setFieldValue('dateFormat', value);
          }}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          description="Leave empty to keep the current one. Setting one signs this user out everywhere."
          {...form.getInputProps('password')}
        />
        {formError && <Alert color="red">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={updateUser.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
