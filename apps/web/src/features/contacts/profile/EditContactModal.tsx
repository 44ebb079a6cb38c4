import { Alert, Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { ContactProfile, ContactView, UpdateContactRequest } from '@parley/contracts';
import { useState } from 'react';
import { submitErrors } from '../../../lib/forms';
import { useUpdateContact } from './queries';

type Key = keyof UpdateContactRequest;
const FIELDS: Array<{ key: Key; label: string; placeholder?: string }> = [
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  { key: 'email', label: 'Email', placeholder: 'name@example.com' },
  { key: 'phone', label: 'Phone', placeholder: '+55 11 98765-4321' },
  { key: 'gender', label: 'Gender' },
  { key: 'timezone', label: 'Time zone', placeholder: 'America/Sao_Paulo' },
  { key: 'language', label: 'Language', placeholder: 'pt-BR' },
  { key: 'location', label: 'Location' },
  { key: 'country', label: 'Country', placeholder: 'BR' },
];

function initial(contact: ContactView, profile: ContactProfile): Record<Key, string> {
  const f = profile.fields;
  return {
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    gender: f.gender ?? '',
    timezone: f.timezone ?? '',
    language: f.language ?? '',
    location: f.location ?? '',
    country: f.country ?? '',
  };
}

/** Edit the standard fields; only what changed is sent (an emptied field is cleared). */
export function EditContactModal(props: { opened: boolean; onClose(): void; contact: ContactView; profile: ContactProfile }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Edit contact" size="lg">
      {/* Mounted while open only, so each opening starts from the current values. */}
      {props.opened && <EditContactForm {...props} />}
    </Modal>
  );
}

function EditContactForm({ onClose, contact, profile }: { onClose(): void; contact: ContactView; profile: ContactProfile }) {
  const update = useUpdateContact(contact.id);
  const start = initial(contact, profile);
  const [values, setValues] = useState(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const changed = FIELDS.filter(({ key }) => values[key].trim() !== start[key]);

  const submit = () => {
    setErrors({});
    setFormError(null);
    const body: UpdateContactRequest = Object.fromEntries(changed.map(({ key }) => [key, values[key].trim() || null]));
    update.mutate(body, {
      onSuccess: onClose,
      onError: (error) => {
        const split = submitErrors(
          error,
          FIELDS.map((f) => f.key),
        );
        setErrors(split.fieldErrors);
        setFormError(split.formError);
      },
    });
  };

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {FIELDS.map(({ key, label, placeholder }) => (
          <TextInput
            key={key}
            label={label}
            placeholder={placeholder}
            data-testid={`edit-${key}`}
            value={values[key]}
            onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })}
            error={errors[key]}
          />
        ))}
      </SimpleGrid>
      {formError && <Alert color="red">{formError}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button data-testid="edit-save" loading={update.isPending} disabled={changed.length === 0} onClick={submit}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}
