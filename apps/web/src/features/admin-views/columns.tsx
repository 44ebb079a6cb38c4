import { Badge, Text, Tooltip } from '@mantine/core';
import type { AdminListItem, AdminListName } from '@parley/contracts';
import type { ReactNode } from 'react';
import type { UserTime } from '../identity/session';

export interface Column {
  header: string;
  cell: (item: AdminListItem, time: UserTime) => ReactNode;
}

const statusColors: Record<AdminListItem['status'], string> = {
  active: 'yellow',
  closed: 'green',
  waiting: 'blue',
  reserved: 'violet',
  assigned: 'teal',
};
const statusWords: Record<AdminListItem['status'], string> = {
  active: 'Active',
  closed: 'Closed',
  waiting: 'Waiting',
  reserved: 'Reserved',
  assigned: 'With agent',
};

const when = (value: string | null, time: UserTime) => (value ? time.dateTime(value) : '—');

/** Customer text is shown as text (React escapes it), one line, whole on hover. */
function Preview({ text }: { text: string | null }) {
  if (!text) return <Text c="dimmed">—</Text>;
  return (
    <Tooltip label={text} multiline maw={420} openDelay={400}>
      <Text size="sm" lineClamp={1} maw={280} dir="auto">
        {text}
      </Text>
    </Tooltip>
  );
}

const status: Column = {
  header: 'Status',
  cell: (i) => (
    <Badge color={statusColors[i.status]} variant="light" data-testid="admin-row-status">
      {statusWords[i.status]}
    </Badge>
  ),
};
const contact: Column = {
  header: 'Contact',
  cell: (i) => (
    <div>
      <Text size="sm" dir="auto">
        {i.contactName ?? 'Unknown'}
      </Text>
      <Text size="xs" c="dimmed">
        {i.contactPhone ?? ''}
      </Text>
    </div>
  ),
};
const lastText: Column = { header: 'Last customer text', cell: (i) => <Preview text={i.lastCustomerText} /> };
const lastAt: Column = { header: 'Last customer message', cell: (i, t) => when(i.lastCustomerMessageAt, t) };
const agent: Column = { header: 'Agent', cell: (i) => i.agentName ?? '—' };

export const columnsOf: Record<AdminListName, Column[]> = {
  unmanaged: [status, contact, { header: 'Opened', cell: (i, t) => when(i.openedAt, t) }, lastAt, lastText],
  waiting: [
    status,
    contact,
    { header: 'Queue', cell: (i) => (i.skillsetId ? (i.skillsetName ?? 'Skillset') : 'General queue') },
    { header: 'Waiting since', cell: (i, t) => when(i.waitingSince, t) },
    lastText,
  ],
  active: [contact, agent, { header: 'Started', cell: (i, t) => when(i.assignedAt ?? i.openedAt, t) }, lastAt, lastText],
  history: [
    contact,
    agent,
    { header: 'Closed at', cell: (i, t) => when(i.closedAt, t) },
    { header: 'Reason', cell: (i) => i.closedReason ?? '—' },
    { header: 'Pricing category', cell: (i) => i.pricingCategory ?? '—' },
    lastText,
  ],
  'templates-sent': [
    contact,
    { header: 'Sent by', cell: (i) => i.agentName ?? (i.agentId ? '—' : 'API') },
    { header: 'Template', cell: (i) => i.template?.name ?? '—' },
    { header: 'Text', cell: (i) => <Preview text={i.template?.text ?? null} /> },
    { header: 'Sent', cell: (i, t) => when(i.template?.sentAt ?? null, t) },
    { header: 'Delivered', cell: (i, t) => when(i.template?.deliveredAt ?? null, t) },
    { header: 'Read', cell: (i, t) => when(i.template?.readAt ?? null, t) },
  ],
};

export const sortLabels: Record<string, string> = {
  lastCustomerMessageAt: 'Last customer message',
  openedAt: 'Opened',
  waitingSince: 'Waiting since',
  assignedAt: 'Started',
  closedAt: 'Closed at',
  sentAt: 'Sent',
};

/** Transfer applies to conversations that are still open (seed 004: disabled for closed ones). */
export const canTransfer = (list: AdminListName, i: AdminListItem) =>
  list !== 'templates-sent' && list !== 'history' && i.state !== 'closed';
