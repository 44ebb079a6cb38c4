import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { Channel } from '@parley/contracts';
import { useState } from 'react';
import { ChannelFormDialog, ChannelFormFrame, type ChannelFormProps } from './ChannelFormDialog';
import { submitErrors } from '../../lib/forms';
import { WIDGET_FIELDS, WidgetFields, widgetValidation, type WidgetValues } from './WidgetFields';
import { useCreateWidget } from './widget-queries';

interface AddWidgetModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called with the new widget, so its snippet and preview can be shown next. */
  onCreated: (channel: Channel) => void;
}

export function AddWidgetModal({ opened, onClose, onCreated }: AddWidgetModalProps) {
  return <ChannelFormDialog opened={opened} onClose={onClose} onCreated={onCreated} title="Add website chat" Form={AddWidgetForm} />;
}

function AddWidgetForm({ onCancel, onCreated }: ChannelFormProps<Channel>) {
  const create = useCreateWidget();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<WidgetValues>({
    initialValues: { name: 'Website', title: 'Chat with us', accentColor: '#1c7ed6', allowedOrigins: [] },
    validate: widgetValidation,
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      { kind: 'webchat', ...values, name: values.name.trim(), title: values.title.trim() },
      {
        onSuccess: (channel) => {
          notifications.show({
            color: 'green',
            title: 'Website chat added',
            message: 'Copy its snippet into your site, or try it on the test page.',
          });
          onCreated(channel);
        },
        onError: (error) => {
          const { fieldErrors, formError } = submitErrors(error, WIDGET_FIELDS);
          form.setErrors(fieldErrors);
          setFormError(formError);
        },
      },
    );
  });

  return (
    <ChannelFormFrame
      onSubmit={handleSubmit}
      onCancel={onCancel}
      formError={formError}
      pending={create.isPending}
      submitLabel="Add website chat"
    >
      <WidgetFields form={form} />
    </ChannelFormFrame>
  );
}
