import { Alert, Button, Checkbox, Group, Loader, NumberInput, Stack, Text, Title } from '@mantine/core';
import type { RetentionPolicyView } from '@parley/contracts';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { submitErrors } from '../../../lib/forms';
import { useUserTime } from '../../identity/session';
import { useRetentionPolicy, useSaveRetentionPolicy } from './queries';

/** The workspace's retention policy: two optional rules, applied every night by the retention job. */
export function RetentionSection() {
  const policy = useRetentionPolicy();
  return (
    <Stack gap="sm">
      <div>
        <Title order={2} size="h4">
          Data retention
        </Title>
        <Text size="sm" c="dimmed">
          Applied every night. Erased data cannot be recovered; counts (campaign totals, statistics) are kept.
        </Text>
      </div>
      {policy.isPending && <Loader size="sm" aria-label="Loading the retention policy" />}
      {policy.isError && <Alert color="red">{errorMessage(policy.error)}</Alert>}
      {policy.data && <RetentionForm policy={policy.data} />}
    </Stack>
  );
}

function RetentionForm({ policy }: { policy: RetentionPolicyView }) {
  const time = useUserTime();
  const save = useSaveRetentionPolicy();
  const [messagesOn, setMessagesOn] = useState(policy.messagesDays !== null);
  const [messagesDays, setMessagesDays] = useState<number | string>(policy.messagesDays ?? 365);
  const [contactsOn, setContactsOn] = useState(policy.inactiveContactsDays !== null);
  const [contactsDays, setContactsDays] = useState<number | string>(policy.inactiveContactsDays ?? 730);
  const errors = save.error ? submitErrors(save.error, ['messagesDays', 'inactiveContactsDays']) : null;
  const days = (on: boolean, v: number | string) => (on ? (typeof v === 'number' ? v : Number(v)) : null);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ messagesDays: days(messagesOn, messagesDays), inactiveContactsDays: days(contactsOn, contactsDays) });
      }}
    >
      <Stack gap="sm" maw={520}>
        <Group align="flex-end" wrap="nowrap">
          <Checkbox label="Erase messages older than" checked={messagesOn} onChange={(e) => setMessagesOn(e.currentTarget.checked)} />
          <NumberInput
            aria-label="Message age in days"
            suffix=" days"
            min={1}
            max={36500}
            allowDecimal={false}
            w={140}
            disabled={!messagesOn}
            value={messagesDays}
            onChange={setMessagesDays}
            error={errors?.fieldErrors.messagesDays}
          />
        </Group>
        <Text size="xs" c="dimmed" mt={-6}>
          With their media and raw provider events; conversations keep their record (dates, agent), not the words.
        </Text>
        <Group align="flex-end" wrap="nowrap">
          <Checkbox
            label="Erase contacts inactive for more than"
            checked={contactsOn}
            onChange={(e) => setContactsOn(e.currentTarget.checked)}
          />
          <NumberInput
            aria-label="Inactivity in days"
            suffix=" days"
            min={1}
            max={36500}
            allowDecimal={false}
            w={140}
            disabled={!contactsOn}
            value={contactsDays}
            onChange={setContactsDays}
            error={errors?.fieldErrors.inactiveContactsDays}
          />
        </Group>
        <Text size="xs" c="dimmed" mt={-6}>
          No message either way, and not created, in that time: erased as by a GDPR request.
        </Text>
        {errors?.formError && <Alert color="red">{errors.formError}</Alert>}
        {save.isSuccess && <Text size="sm">Saved.</Text>}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save retention policy
          </Button>
          <Text size="xs" c="dimmed" data-testid="retention-last-run">
            {policy.lastRunAt
              ? `Last run ${time.dateTime(policy.lastRunAt)}: ${
                  Object.entries(policy.lastRun ?? {})
                    .map(([k, n]) => `${n} ${k}`)
                    .join(', ') || 'nothing to erase'
                }`
              : 'Not run yet'}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
