import type { CampaignRejectionCode, CampaignStatus, RecipientStatus } from '@parley/contracts';

/** The campaign's state as the history shows it; colours follow the seed (green tick done, yellow still to go). */
export const campaignStatusLabels: Record<CampaignStatus, { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray' },
  scheduled: { label: 'Scheduled', color: 'yellow' },
  sending: { label: 'Sending', color: 'blue' },
  paused: { label: 'Paused', color: 'orange' },
  done: { label: 'Done', color: 'green' },
  done_with_failures: { label: 'Done with failures', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'dark' },
};

export const recipientStatusLabels: Record<RecipientStatus, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'gray' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'cyan' },
  delivered: { label: 'Delivered', color: 'teal' },
  read: { label: 'Read', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  skipped: { label: 'Skipped', color: 'orange' },
};

/** Short names for the rejection reasons' summary; each row carries the server's full sentence too. */
export const rejectionLabels: Record<CampaignRejectionCode, string> = {
  invalid_number: 'Invalid number',
  not_mobile: 'Not a mobile number',
  scientific_notation: 'Number in scientific notation',
  duplicate: 'Duplicate',
  opted_out: 'Opted out',
  archived: 'Archived contact',
  active_conversation: 'In an active conversation',
  variable_missing: 'Variable missing',
  variable_too_long: 'Variable too long',
  variable_format: 'Variable with newline, tab or spaces',
  over_daily_limit: 'Over the daily limit',
};

export const pageSizes = ['10', '25', '50', '100'];
