import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createApiTokenRequest } from '@parley/contracts';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { schemaRule, submitErrors } from '../../lib/forms';
import type { CreatedApiToken } from './api';
import { useCreateApiToken } from './queries';

interface CreateTokenModalProps {
  opened: boolean;
  onClose: () => void;
}

export function CreateTokenModal({ opened, onClose }: CreateTokenModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Create API token" size="lg">
      {/* Content unmounts once the modal closes: the secret is gone from memory with it. */}
      <CreateTokenContent onDone={onClose} />
    </Modal>
  );
}

function CreateTokenContent({ onDone }: { onDone: () => void }) {
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  return created ? <TokenSecret token={created} onDone={onDone} /> : <TokenNameForm onCreated={setCreated} onCancel={onDone} />;
}

function TokenNameForm({ onCreated, onCancel }: { onCreated: (token: CreatedApiToken) => void; onCancel: () => void }) {
  const createToken = useCreateApiToken();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '' },
    validate: {
      name: schemaRule(createApiTokenRequest.shape.name, 'Enter a name'),
    },
  });

  const handleSubmit = form.onSubmit(({ name }) => {
    setFormError(null);
    createToken.mutate(name.trim(), {
      onSuccess: onCreated,
      onError: (error) => {
        const { fieldErrors, formError } = submitErrors(error, ['name']);
        form.setErrors(fieldErrors);
        setFormError(formError);
      },
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        <TextInput
          label="Name"
          required
          data-autofocus
          description="Say what uses it, e.g. “CRM sync”, so you know what breaks if you revoke it."
          {...form.getInputProps('name')}
        />
        {formError && <Alert color="red">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={createToken.isPending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Copy this token now">
        This is the only time Parley shows it. Store it somewhere safe; if you lose it, revoke it and create a new one.
      </Alert>
      <Text size="sm" fw={500} id="new-token-label">
        Token “{token.name}”
      </Text>
      <Code block aria-labelledby="new-token-label" data-testid="api-token-secret" style={{ wordBreak: 'break-all' }}>
        {token.token}
      </Code>
      <Group justify="flex-end">
        <CopyButton value={token.token}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy token'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
