import { Group, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { agentAvailability, type AgentAvailability } from '@parley/contracts';
import { errorMessage } from '../../lib/api';
import { useMyAvailability, useSetMyAvailability } from './desk-queries';

export const availabilityLabels: Record<AgentAvailability, string> = { online: 'Online', away: 'Away', offline: 'Offline' };
export const availabilityColors: Record<AgentAvailability, string> = { online: 'teal', away: 'yellow', offline: 'gray' };

const explanations: Record<AgentAvailability, string> = {
  online: 'You get new conversations, up to your limit.',
  away: 'You keep yours, but get no new ones.',
  offline: 'You get no new conversations.',
};

/** The signed-in person's availability for routing, and how many conversations they hold against their limit. */
export function AvailabilitySwitch() {
  const mine = useMyAvailability();
  const save = useSetMyAvailability();
  const current = save.isPending ? save.variables : mine.data?.availability;

  const change = (value: string) => {
    const next = agentAvailability.parse(value);
    save.mutate(next, {
      onError: (error) => notifications.show({ color: 'red', title: 'Availability not changed', message: errorMessage(error) }),
    });
  };

  return (
    <Group gap="xs" wrap="nowrap" data-testid="availability" data-availability={mine.data?.availability ?? ''}>
      <Tooltip label={current ? explanations[current] : 'Loading…'} withArrow>
        <SegmentedControl
          size="xs"
          aria-label="Availability"
          color={current ? availabilityColors[current] : undefined}
          value={current ?? ''}
          onChange={change}
          disabled={mine.isPending}
          data={agentAvailability.options.map((value) => ({ value, label: availabilityLabels[value] }))}
        />
      </Tooltip>
      {mine.data && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="my-load" title="Conversations you hold now, of your limit">
          {mine.data.openCount} / {mine.data.maxOpen} open
        </Text>
      )}
    </Group>
  );
}
