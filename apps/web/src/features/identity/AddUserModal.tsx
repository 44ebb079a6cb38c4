import { Alert, Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { email as emailSchema, password as passwordSchema, personName, timezone as timezoneSchema, type Role } from '@parley/contracts';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import { RoleSelect, TimezoneSelect } from './fields';
import { useCreateUser } from './queries';
import { useCurrentUser } from './session';

interface AddUserValues {
  name: string;
  email: string;
  role: Role;
  password: string;
  timezone: string;
}

const FIELDS = ['name', 'email', 'role', 'password', 'timezone'] as const;

interface AddUserModalProps {
  opened: boolean;
  onClose: () => void;
}

export function AddUserModal({ opened, onClose }: AddUserModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add user">
      {/* Modal unmounts its content once closed, so each opening starts from a blank form. */}
      <AddUserForm onDone={onClose} />
    </Modal>
  );
}

function AddUserForm({ onDone }: { onDone: () => void }) {
  const me = useCurrentUser();
  const createUser = useCreateUser();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<AddUserValues>({
    // A new colleague most likely works in the admin's zone; it is editable here and by them later.
    initialValues: { name: '', email: '', role: 'agent', password: '', timezone: me.timezone },
    validate: {
      name: schemaRule(personName, 'Enter a name'),
      email: schemaRule(emailSchema, 'Enter an email address'),
      password: schemaRule(passwordSchema, 'Enter a password of at least 8 characters'),
      timezone: schemaRule(timezoneSchema, 'Choose a time zone'),
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    createUser.mutate(
      { ...values, name: values.name.trim(), email: values.email.trim() },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'green', title: 'User added', message: `${user.name} can now sign in.` });
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
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" required autoComplete="off" {...form.getInputProps('email')} />
        <RoleSelect required {...form.getInputProps('role')} onChange={(value) => value && form.setFieldValue('role', value as Role)} />
        <PasswordInput
          label="Password"
          required
          autoComplete="new-password"
          description="At least 8 characters. Share it safely; they can change it in My profile."
          {...form.getInputProps('password')}
        />
        <TimezoneSelect required {...form.getInputProps('timezone')} />
        {formError && <Alert color="red">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={createUser.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
