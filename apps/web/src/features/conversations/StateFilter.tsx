import { SegmentedControl } from '@mantine/core';
import type { ConversationState } from './api';

const FILTERS: Array<{ value: ConversationState | 'all'; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'bot', label: 'Bot' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'assigned', label: 'Assigned' },
  { value: 'closed', label: 'Closed' },
];

interface StateFilterProps {
  value: ConversationState | null;
  onChange: (state: ConversationState | null) => void;
}

export function StateFilter({ value, onChange }: StateFilterProps) {
  return (
    <SegmentedControl
      aria-label="Filter by state"
      size="xs"
      data={FILTERS}
      value={value ?? 'all'}
      onChange={(next) => onChange(next === 'all' ? null : (next as ConversationState))}
    />
  );
}
