import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { recipientStatuses, type CampaignHistoryItem, type RecipientStatus } from '@parley/contracts';
import { IconArrowBack, IconFileSpreadsheet, IconPlayerPause, IconPlayerPlay, IconRepeat, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmRemovalModal } from '../../components/ConfirmRemovalModal';
import { errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/time';
import { useUserTime } from '../identity/session';
import { campaignFiles } from './api';
import { CampaignCounts, CampaignStatusBadge } from './CampaignsPage';
import { recipientStatusLabels } from './labels';
import { Pager } from './Pager';
import { useCampaign, useControlCampaign, useRecipients, useRetarget } from './queries';

/** One campaign (seed 004 "View"): its state and controls, and every recipient's status with times and reasons. */
export function CampaignViewPage() {
  const { campaignId = '' } = useParams();
  const campaign = useCampaign(campaignId);
  const c = campaign.data;

  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="sm">
          <Anchor component={Link} to="/campaigns" size="sm" data-testid="campaign-back">
            <Group gap={4}>
              <IconArrowBack size={14} aria-hidden /> Outbound history
            </Group>
          </Anchor>
        </Group>
      </Group>
      {campaign.isError && <Alert color="red">{errorMessage(campaign.error)}</Alert>}
      {campaign.isPending && <Loader aria-label="Loading the campaign" />}
      {c && <CampaignSummary c={c} />}
      {c && <RecipientsSection c={c} />}
    </Stack>
  );
}

function CampaignSummary({ c }: { c: CampaignHistoryItem }) {
  const time = useUserTime();
  const navigate = useNavigate();
  const control = useControlCampaign(c.id);
  const retarget = useRetarget(c.id);
  const [cancelling, setCancelling] = useState(false);
  const finished = c.status === 'done' || c.status === 'done_with_failures' || c.status === 'cancelled';

  const act = (action: 'pause' | 'resume') =>
    control.mutate(action, {
      onSuccess: () =>
        notifications.show({ color: 'green', message: action === 'pause' ? 'The campaign is paused.' : 'The campaign goes on.' }),
    });

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={1} size="h2" data-testid="campaign-title">
                {c.name}
              </Title>
              <CampaignStatusBadge status={c.status} />
            </Group>
            <Text size="sm" c="dimmed">
              Template {c.templateName ? `${c.templateName} (${c.templateLanguage})` : '—'} · created {time.dateTime(c.createdAt)}
              {c.scheduledAt && c.mode === 'scheduled' ? ` · scheduled for ${time.dateTime(c.scheduledAt)}` : ''}
              {c.startedAt ? ` · started ${time.dateTime(c.startedAt)}` : ''}
              {c.finishedAt ? ` · finished ${time.dateTime(c.finishedAt)}` : ''}
              {c.cancelledAt ? ` · cancelled ${time.dateTime(c.cancelledAt)}` : ''}
            </Text>
          </Stack>
          <Group gap="xs">
            {c.status === 'sending' && (
              <Button
                size="xs"
                variant="light"
                color="orange"
                leftSection={<IconPlayerPause size={14} aria-hidden />}
                loading={control.isPending}
                onClick={() => act('pause')}
                data-testid="campaign-pause"
              >
                Pause
              </Button>
            )}
            {c.status === 'paused' && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlayerPlay size={14} aria-hidden />}
                loading={control.isPending}
                onClick={() => act('resume')}
                data-testid="campaign-resume"
              >
                Resume
              </Button>
            )}
            {(c.status === 'scheduled' || c.status === 'sending' || c.status === 'paused') && (
              <Button
                size="xs"
                variant="light"
                color="red"
                leftSection={<IconX size={14} aria-hidden />}
                onClick={() => setCancelling(true)}
                data-testid="campaign-cancel"
              >
                Cancel campaign
              </Button>
            )}
            {finished && c.counts.failed > 0 && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconRepeat size={14} aria-hidden />}
                loading={retarget.isPending}
                data-testid="campaign-retarget"
                onClick={() => retarget.mutate(undefined, { onSuccess: (draft) => void navigate(`/campaigns/${draft.id}/edit`) })}
              >
                Retarget the {c.counts.failed} failed
              </Button>
            )}
          </Group>
        </Group>
        <CampaignCounts c={c} />
        {control.isError && !cancelling && <Alert color="red">{errorMessage(control.error)}</Alert>}
        {retarget.isError && <Alert color="red">{errorMessage(retarget.error)}</Alert>}
      </Stack>
      <ConfirmRemovalModal
        opened={cancelling}
        title="Cancel this campaign?"
        action="Cancel campaign"
        pending={control.isPending}
        error={control.error}
        onCancel={() => {
          control.reset();
          setCancelling(false);
        }}
        onConfirm={() => control.mutate('cancel', { onSuccess: () => setCancelling(false) })}
      >
        <Text size="sm">Recipients not reached yet will not get the message. Messages already sent stay sent.</Text>
      </ConfirmRemovalModal>
    </Paper>
  );
}

function RecipientsSection({ c }: { c: CampaignHistoryItem }) {
  const time = useUserTime();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [status, setStatus] = useState<RecipientStatus | null>(null);
  const recipients = useRecipients(c.id, page, pageSize, status);
  // The campaign is polled while it moves; whenever its counts change, some recipient did: the page is read again.
  const countsKey = JSON.stringify(c.counts);
  const { refetch } = recipients;
  useEffect(() => {
    void refetch({ cancelRefetch: false });
  }, [countsKey, refetch]);
  const items = recipients.data?.items ?? [];
  // With seconds: sent, delivered and read often fall within the same minute.
  const at = (value: string | null) => (value ? formatDateTime(value, time.prefs, { seconds: true }) : '—');

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Select
          label="Status"
          size="xs"
          clearable
          placeholder="All"
          data-testid="recipients-status-filter"
          data={recipientStatuses.map((s) => ({ value: s, label: `${recipientStatusLabels[s].label} (${c.counts[s]})` }))}
          value={status}
          onChange={(v) => {
            setStatus(v as RecipientStatus | null);
            setPage(1);
          }}
          w={200}
        />
        <Group gap="xs">
          {recipients.isFetching && <Loader size="xs" aria-label="Loading recipients" />}
          <Button
            size="xs"
            variant="light"
            component="a"
            href={campaignFiles.recipients(c.id, status)}
            download
            leftSection={<IconFileSpreadsheet size={14} aria-hidden />}
            data-testid="recipients-export"
          >
            Export to Excel
          </Button>
        </Group>
      </Group>
      {recipients.isError && <Alert color="red">{errorMessage(recipients.error)}</Alert>}
      {recipients.data && items.length === 0 && <Text c="dimmed">No recipients{status ? ' in this state' : ''}.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped verticalSpacing="xs" aria-label="Recipients">
            <Table.Caption>Times are shown in your time zone, {time.zone}.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Delivered</Table.Th>
                <Table.Th>Read</Table.Th>
                <Table.Th>Failed</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="recipient-row" data-status={r.status}>
                  <Table.Td>{r.rowNo}</Table.Td>
                  <Table.Td>{r.name ?? '—'}</Table.Td>
                  <Table.Td data-testid="recipient-phone">{r.phone}</Table.Td>
                  <Table.Td>
                    <Badge color={recipientStatusLabels[r.status].color} variant="light" data-testid="recipient-status">
                      {recipientStatusLabels[r.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td data-testid="recipient-sent">{at(r.sentAt)}</Table.Td>
                  <Table.Td data-testid="recipient-delivered">{at(r.deliveredAt)}</Table.Td>
                  <Table.Td data-testid="recipient-read">{at(r.readAt)}</Table.Td>
                  <Table.Td>{at(r.failedAt)}</Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {r.errorCode !== null ? `${r.errorCode}: ` : ''}
                      {r.reason ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {recipients.data && (
        <Pager
          testId="recipients"
          page={page}
          pageSize={pageSize}
          total={recipients.data.total}
          onPage={setPage}
          onPageSize={setPageSize}
        />
      )}
    </Stack>
  );
}
