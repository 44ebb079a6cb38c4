import { Alert, Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { password as passwordSchema } from '@parley/contracts';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import { useChangePassword } from './queries';

const FIELDS = ['currentPassword', 'newPassword'] as const;
const SUCCESS = 'Your password was changed. Your other sessions were signed out; this one stays signed in.';

export function ChangePasswordForm() {
  const changePassword = useChangePassword();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: (value) => (value ? null : 'Enter your current password'),
      newPassword: schemaRule(passwordSchema, 'Enter a new password of at least 8 characters'),
      confirmPassword: (value, values) => (value === values.newPassword ? null : 'The passwords do not match'),
    },
  });

  const handleSubmit = form.onSubmit(({ currentPassword, newPassword }) => {
    setFormError(null);
    setDone(false);
    changePassword.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
          setDone(true);
          notifications.show({ color: 'green', title: 'Password changed', message: 'Your other sessions were signed out.' });
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
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="password-heading">
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="password-heading">
            Change password
          </Title>
          <PasswordInput label="Current password" required autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            description="At least 8 characters. A long phrase is easier to remember and harder to guess."
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput label="Confirm new password" required autoComplete="new-password" {...form.getInputProps('confirmPassword')} />
          {formError && <Alert color="red">{formError}</Alert>}
          {done && (
            <Alert color="green" role="status" data-testid="password-changed">
              {SUCCESS}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={changePassword.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
