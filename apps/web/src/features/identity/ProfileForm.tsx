import { Alert, Button, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { personName, timezone as timezoneSchema, type DateFormat } from '@parley/contracts';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import { DateFormatSelect, dateFormatExample, isDateFormat, TimezoneSelect } from './fields';
import { useUpdateMe } from './queries';
import { useCurrentUser } from './session';

interface ProfileValues {
  name: string;
  timezone: string;
  dateFormat: DateFormat;
}

const FIELDS = ['name', 'timezone', 'dateFormat'] as const;

export function ProfileForm() {
  const me = useCurrentUser();
  const updateMe = useUpdateMe();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<ProfileValues>({
    initialValues: { name: me.name, timezone: me.timezone, dateFormat: me.dateFormat },
    validate: {
      name: schemaRule(personName, 'Enter your name'),
      timezone: schemaRule(timezoneSchema, 'Choose a time zone'),
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    updateMe.mutate(
      { name: values.name.trim(), timezone: values.timezone, dateFormat: values.dateFormat },
      {
        onSuccess: (saved) => {
          form.setInitialValues({ name: saved.name, timezone: saved.timezone, dateFormat: saved.dateFormat });
          form.setValues({ name: saved.name, timezone: saved.timezone, dateFormat: saved.dateFormat });
          notifications.show({ color: 'green', title: 'Profile saved', message: 'Dates now follow your new settings.' });
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
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="profile-heading">
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="profile-heading">
            Profile
          </Title>
          <TextInput label="Email" value={me.email} readOnly variant="filled" description="Ask an admin to change your email." />
          <TextInput label="Name" required autoComplete="name" {...form.getInputProps('name')} />
          <TimezoneSelect
            required
            description="Every date and time you see in Parley is shown in this zone."
            {...form.getInputProps('timezone')}
          />
          <DateFormatSelect
            required
            description={`Dates will look like ${dateFormatExample(form.values.dateFormat)}.`}
            {...form.getInputProps('dateFormat')}
            onChange={(value) => {
              if (isDateFormat(value)) form.setFieldValue('dateFormat', value);
            }}
          />
          {formError && <Alert color="red">{formError}</Alert>}
          <Group>
            <Button type="submit" loading={updateMe.isPending}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
