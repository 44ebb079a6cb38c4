import { Badge } from '@mantine/core';
import type { ConversationState } from './api';
import { stateColors, stateLabels } from './labels';

export function StateBadge({ state, size = 'sm' }: { state: ConversationState; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge
      color={stateColors[state]}
      variant="light"
      size={size}
      style={{ flexShrink: 0 }}
      data-testid="conversation-state"
      data-state={state}
    >
      {stateLabels[state]}
    </Badge>
  );
}
