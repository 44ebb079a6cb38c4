import { Alert, Badge, Button, Group, Loader, Progress, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { campaignStatuses, type CampaignHistoryItem, type CampaignStatus } from '@parley/contracts';
import { IconEye, IconFileSpreadsheet, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/api';
import { useUserTime } from '../identity/session';
import { campaignFiles } from './api';
import { campaignStatusLabels } from './labels';
import { Pager } from './Pager';
import { useHistory } from './queries';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { label, color } = campaignStatusLabels[status];
  return (
    <Badge color={color} variant="light" data-testid="campaign-status" data-status={status}>
      {label}
    </Badge>
  );
}

/** Sent includes delivered and read (each is a later stage of the same message); the bar counts settled recipients. */
export function CampaignCounts({ c }: { c: Pick<CampaignHistoryItem, 'counts' | 'total' | 'progress'> }) {
  const { counts } = c;
  const sent = counts.sent + counts.delivered + counts.read;
  return (
    <Stack gap={4} miw={220}>
      <Progress
        value={Math.round(c.progress * 100)}
        size="sm"
        aria-label="Progress"
        data-testid="campaign-progress"
        data-progress={c.progress}
      />
      <Text size="xs" c="dimmed" data-testid="campaign-counts">
        {c.total} total · {sent} sent · {counts.delivered + counts.read} delivered · {counts.read} read · {counts.failed} failed
        {counts.skipped ? ` · ${counts.skipped} skipped` : ''}
        {counts.pending + counts.sending ? ` · ${counts.pending + counts.sending} waiting` : ''}
      </Text>
    </Stack>
  );
}

/** Outbound history (seed 004): every campaign with its state, counts and progress; drafts reopen in the wizard. */
export function CampaignsPage() {
  const time = useUserTime();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const history = useHistory(page, pageSize, status);
  const items = history.data?.items ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Outbound history
        </Title>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            component="a"
            href={campaignFiles.history(status)}
            download
            leftSection={<IconFileSpreadsheet size={14} aria-hidden />}
            data-testid="campaigns-export"
          >
            Export to Excel
          </Button>
          <Button
            size="xs"
            component={Link}
            to="/campaigns/new"
            leftSection={<IconPlus size={14} aria-hidden />}
            data-testid="campaigns-new"
          >
            New outbound campaign
          </Button>
        </Group>
      </Group>

      <Group justify="space-between" align="flex-end">
        <Select
          label="Status"
          size="xs"
          clearable
          placeholder="All"
          data-testid="campaigns-status-filter"
          data={campaignStatuses.map((s) => ({ value: s, label: campaignStatusLabels[s].label }))}
          value={status}
          onChange={(v) => {
            setStatus(v as CampaignStatus | null);
            setPage(1);
          }}
          w={200}
        />
        <Group gap="xs">
          <Text fw={600} data-testid="campaigns-total" data-total={history.data?.total}>
            {history.data ? `${history.data.total} campaign${history.data.total === 1 ? '' : 's'}` : ''}
          </Text>
          {history.isFetching && <Loader size="xs" aria-label="Loading campaigns" />}
        </Group>
      </Group>

      {history.isError && <Alert color="red">{errorMessage(history.error)}</Alert>}
      {history.isPending && <Loader aria-label="Loading campaigns" />}
      {history.data && items.length === 0 && <Text c="dimmed">No campaigns yet.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={980}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Campaigns">
            <Table.Caption>Dates are shown in your time zone, {time.zone}.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Template</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Starts / started</Table.Th>
                <Table.Th>Finished</Table.Th>
                <Table.Th>Recipients</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} data-testid="campaign-row" data-campaign-id={c.id}>
                  <Table.Td>
                    <Text size="sm" fw={500} data-testid="campaign-name">
                      {c.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{c.templateName ? `${c.templateName} (${c.templateLanguage})` : '—'}</Table.Td>
                  <Table.Td>
                    <CampaignStatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>{time.dateTime(c.createdAt)}</Table.Td>
                  <Table.Td>
                    {c.startedAt
                      ? time.dateTime(c.startedAt)
                      : c.scheduledAt
                        ? time.dateTime(c.scheduledAt)
                        : c.mode === 'immediate'
                          ? 'Immediately'
                          : '—'}
                  </Table.Td>
                  <Table.Td>{c.finishedAt ? time.dateTime(c.finishedAt) : c.cancelledAt ? time.dateTime(c.cancelledAt) : '—'}</Table.Td>
                  <Table.Td>
                    <CampaignCounts c={c} />
                  </Table.Td>
                  <Table.Td>
                    {c.status === 'draft' ? (
                      <Tooltip label="Continue the wizard">
                        <Button
                          size="compact-xs"
                          variant="light"
                          component={Link}
                          to={`/campaigns/${c.id}/edit`}
                          leftSection={<IconPencil size={12} aria-hidden />}
                          data-testid="campaign-edit"
                        >
                          Continue
                        </Button>
                      </Tooltip>
                    ) : (
                      <Button
                        size="compact-xs"
                        variant="light"
                        component={Link}
                        to={`/campaigns/${c.id}`}
                        leftSection={<IconEye size={12} aria-hidden />}
                        data-testid="campaign-view"
                      >
                        View
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {history.data && (
        <Pager testId="campaigns" page={page} pageSize={pageSize} total={history.data.total} onPage={setPage} onPageSize={setPageSize} />
      )}
    </Stack>
  );
}
