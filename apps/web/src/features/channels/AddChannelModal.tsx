import { Checkbox, PasswordInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { createWhatsAppChannelRequest, type Channel, type CreateWhatsAppChannelRequest } from '@parley/contracts';
import { useState } from 'react';
import { ChannelFormDialog, ChannelFormFrame, type ChannelFormProps } from './ChannelFormDialog';
import { optionalSchemaRule, schemaRule, submitErrors } from '../../lib/forms';
import { useCreateWhatsAppChannel } from './queries';

interface ChannelValues {
  name: string;
  displayPhoneNumber: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  graphBaseUrl: string;
  graphVersion: string;
  ownWebhook: boolean;
  appSecret: string;
}

const FIELDS = [
  'name',
  'displayPhoneNumber',
  'phoneNumberId',
  'wabaId',
  'accessToken',
  'graphBaseUrl',
  'graphVersion',
  'ownWebhook',
  'appSecret',
] as const;

const shape = createWhatsAppChannelRequest.shape;

interface AddChannelModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called with the new channel, so its webhook details can be shown next. */
  onCreated: (channel: Channel) => void;
}

export function AddChannelModal({ opened, onClose, onCreated }: AddChannelModalProps) {
  return <ChannelFormDialog opened={opened} onClose={onClose} onCreated={onCreated} title="Add WhatsApp number" Form={AddChannelForm} />;
}

function toRequest(values: ChannelValues): CreateWhatsAppChannelRequest {
  const optional = (value: string) => value.trim() || undefined;
  return {
    name: values.name.trim(),
    displayPhoneNumber: values.displayPhoneNumber.trim(),
    phoneNumberId: values.phoneNumberId.trim(),
    wabaId: values.wabaId.trim(),
    accessToken: values.accessToken.trim(),
    graphBaseUrl: optional(values.graphBaseUrl),
    graphVersion: optional(values.graphVersion),
    ...(values.ownWebhook ? { ownWebhook: true, appSecret: values.appSecret } : {}),
  };
}

function AddChannelForm({ onCancel, onCreated }: ChannelFormProps<Channel>) {
  const create = useCreateWhatsAppChannel();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<ChannelValues>({
    initialValues: {
      name: '',
      displayPhoneNumber: '',
      phoneNumberId: '',
      wabaId: '',
      accessToken: '',
      graphBaseUrl: '',
      graphVersion: '',
      ownWebhook: false,
      appSecret: '',
    },
    validate: {
      name: schemaRule(shape.name, 'Enter a name'),
      displayPhoneNumber: schemaRule(shape.displayPhoneNumber, 'Enter the phone number'),
      phoneNumberId: schemaRule(shape.phoneNumberId, 'Enter the phone number id'),
      wabaId: schemaRule(shape.wabaId, 'Enter the WhatsApp Business Account id'),
      accessToken: schemaRule(shape.accessToken, 'Enter the access token'),
      graphBaseUrl: optionalSchemaRule(shape.graphBaseUrl),
      graphVersion: optionalSchemaRule(shape.graphVersion),
      appSecret: (value, values) => (values.ownWebhook ? schemaRule(shape.appSecret, 'Enter the app secret')(value) : null),
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(toRequest(values), {
      onSuccess: (channel) => {
        notifications.show({
          color: 'green',
          title: 'Number added',
          message: `Now set up its webhook in Meta for ${channel.displayPhoneNumber}.`,
        });
        onCreated(channel);
      },
      onError: (error) => {
        const { fieldErrors, formError } = submitErrors(error, FIELDS);
        form.setErrors(fieldErrors);
        setFormError(formError);
      },
    });
  });

  return (
    <ChannelFormFrame onSubmit={handleSubmit} onCancel={onCancel} formError={formError} pending={create.isPending} submitLabel="Add number">
      <TextInput
        label="Name"
        required
        data-autofocus
        description="How this number appears in Parley, e.g. “Support line”."
        {...form.getInputProps('name')}
      />
      <TextInput
        label="Display phone number"
        required
        description="The number customers see, e.g. +1 555 010 0000."
        {...form.getInputProps('displayPhoneNumber')}
      />
      <TextInput
        label="Phone number id"
        required
        inputMode="numeric"
        description="Meta's App Dashboard → WhatsApp → API Setup, under the number (digits only)."
        {...form.getInputProps('phoneNumberId')}
      />
      <TextInput
        label="WhatsApp Business Account id"
        required
        inputMode="numeric"
        description="Shown on the same API Setup page (digits only)."
        {...form.getInputProps('wabaId')}
      />
      <PasswordInput
        label="Access token"
        required
        autoComplete="off"
        description="A permanent System User token with whatsapp_business_messaging. Parley stores it encrypted and never shows it again."
        {...form.getInputProps('accessToken')}
      />
      <TextInput
        label="Graph API base URL"
        placeholder="https://graph.facebook.com"
        description="Optional. Leave empty to use the install's default (Meta). Point it to a local fake of the Graph API for tests."
        {...form.getInputProps('graphBaseUrl')}
      />
      <TextInput
        label="Graph API version"
        placeholder="v23.0"
        description="Optional. Leave empty to use the install's default version."
        {...form.getInputProps('graphVersion')}
      />
      <Checkbox
        label="Use its own Meta app (own webhook URL)"
        description="For a number that belongs to another Meta app than this install's: it gets its own webhook URL and verify token."
        {...form.getInputProps('ownWebhook', { type: 'checkbox' })}
      />
      {form.values.ownWebhook && (
        <PasswordInput
          label="App secret"
          required
          autoComplete="off"
          description="From that app's Settings → Basic. Parley checks the signature of every webhook with it."
          {...form.getInputProps('appSecret')}
        />
      )}
    </ChannelFormFrame>
  );
}
