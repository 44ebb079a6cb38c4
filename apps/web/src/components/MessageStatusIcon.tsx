import { Box, Tooltip } from '@mantine/core';
import { IconAlertCircleFilled, IconCheck, IconChecks, IconClock } from '@tabler/icons-react';

/** Outbound statuses as WhatsApp users know them: clock, ✓ sent, ✓✓ delivered, blue ✓✓ read, red ! failed. */
const LOOK: Record<string, { label: string; color: string; Icon: typeof IconCheck }> = {
  queued: { label: 'Waiting to be sent', color: 'gray.6', Icon: IconClock },
  accepted: { label: 'Accepted, not sent yet', color: 'gray.6', Icon: IconClock },
  sent: { label: 'Sent', color: 'gray.6', Icon: IconCheck },
  delivered: { label: 'Delivered', color: 'gray.6', Icon: IconChecks },
  read: { label: 'Read', color: 'blue.6', Icon: IconChecks },
  failed: { label: 'Failed', color: 'red.7', Icon: IconAlertCircleFilled },
};

export function messageStatusLabel(status: string): string {
  return LOOK[status]?.label ?? status;
}

export function MessageStatusIcon({ status, size = 16 }: { status: string; size?: number }) {
  const look = LOOK[status] ?? LOOK.queued!;
  const label = LOOK[status] ? look.label : status;
  return (
    <Tooltip label={label} withArrow openDelay={300}>
      <Box
        component="span"
        c={look.color}
        role="img"
        aria-label={label}
        data-status-icon={status}
        style={{ display: 'inline-flex', lineHeight: 0 }}
      >
        <look.Icon size={size} stroke={2} aria-hidden />
      </Box>
    </Tooltip>
  );
}
