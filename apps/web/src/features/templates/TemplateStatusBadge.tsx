import { Badge, Stack, Text } from '@mantine/core';
import type { TemplateStatus } from '@parley/contracts';

const COLORS: Partial<Record<TemplateStatus, string>> = {
  approved: 'green',
  pending: 'yellow',
  rejected: 'red',
  paused: 'orange',
  disabled: 'red',
  deleted: 'gray',
  pending_deletion: 'gray',
  archived: 'gray',
};

export const statusLabel = (s: TemplateStatus) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('_', ' ');

/** Meta's verdict on a template, with its reason when Meta gave one (a rejection, a pause). */
export function TemplateStatusBadge({ status, reason }: { status: TemplateStatus; reason: string | null }) {
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={COLORS[status] ?? 'blue'} variant="light" data-testid="template-status">
        {statusLabel(status)}
      </Badge>
      {reason && (
        <Text size="xs" c="dimmed" data-testid="template-status-reason">
          {reason.replaceAll('_', ' ').toLowerCase()}
        </Text>
      )}
    </Stack>
  );
}
