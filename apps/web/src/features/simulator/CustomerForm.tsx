import { Paper, Stack, Switch, TextInput, Title } from '@mantine/core';
import type { SimulatedCustomer } from './customer';

interface CustomerFormProps {
  customer: SimulatedCustomer;
  errors: { name: string | null; waId: string | null };
  onChange: (patch: Partial<SimulatedCustomer>) => void;
}

export function CustomerForm({ customer, errors, onChange }: CustomerFormProps) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="sim-customer-heading">
      <Stack gap="sm">
        <Title order={2} size="h5" id="sim-customer-heading">
          You, the customer
        </Title>
        <TextInput
          label="Your name"
          required
          description="Parley sees it as the WhatsApp profile name."
          value={customer.name}
          error={errors.name}
          onChange={(event) => onChange({ name: event.currentTarget.value })}
        />
        <TextInput
          label="Your WhatsApp number"
          required
          inputMode="numeric"
          description="Digits only, country code first. Change it to play another customer."
          value={customer.waId}
          error={errors.waId}
          onChange={(event) => onChange({ waId: event.currentTarget.value.replace(/[^\d]/g, '') })}
        />
        <Switch
          label="Arrive from an ad"
          description="Your messages carry a click-to-WhatsApp ad referral; Parley records the ad as the source of a new contact."
          checked={customer.fromAd}
          onChange={(event) => onChange({ fromAd: event.currentTarget.checked })}
        />
        {customer.fromAd && (
          <TextInput
            label="Ad headline"
            maxLength={200}
            value={customer.adHeadline}
            onChange={(event) => onChange({ adHeadline: event.currentTarget.value })}
          />
        )}
      </Stack>
    </Paper>
  );
}
