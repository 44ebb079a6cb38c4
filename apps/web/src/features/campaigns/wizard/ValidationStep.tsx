import { Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CampaignDraft, CampaignRejectionCode } from '@parley/contracts';
import { IconCheck, IconFileSpreadsheet, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { useUserTime } from '../../identity/session';
import { campaignFiles, type ValidationList } from '../api';
import { rejectionLabels } from '../labels';
import { Pager } from '../Pager';
import { useConfirm, useValidate, useValidationPage } from '../queries';
import { StepNav } from './StepNav';

/**
 * Step 4: every recipient checked before anything is sent — Messages (what each will read) and Rejected (why not),
 * both downloadable — then Confirm. Validation runs each time the step opens: opt-outs and conversations change.
 */
export function ValidationStep({
  draft,
  onPrevious,
  onConfirmed,
}: {
  draft: CampaignDraft;
  onPrevious: () => void;
  onConfirmed: () => void;
}) {
  const time = useUserTime();
  const validate = useValidate(draft.id);
  const confirm = useConfirm(draft.id);
  const [tab, setTab] = useState<ValidationList>('messages');
  const [confirming, setConfirming] = useState(false);
  const { mutate } = validate;
  useEffect(() => mutate(10), [mutate]);

  const result = validate.data;
  const counts = result ? { messages: result.messages.total, rejected: result.rejected.total } : null;
  const ready = validate.isSuccess;

  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Stack>
          <Group justify="space-between">
            <Group gap="sm">
              {validate.isPending && <Loader size="sm" aria-label="Validating" />}
              {validate.isPending && <Text size="sm">Checking every recipient…</Text>}
              {ready && counts && (
                <Text size="sm" data-testid="validation-summary">
                  <b>{counts.messages}</b> message{counts.messages === 1 ? '' : 's'} to send, <b>{counts.rejected}</b> rejected.
                </Text>
              )}
            </Group>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRefresh size={14} aria-hidden />}
              onClick={() => mutate(10)}
              loading={validate.isPending}
              data-testid="validation-rerun"
            >
              Validate again
            </Button>
          </Group>
          {validate.isError && (
            <Alert color="red" data-testid="validation-error">
              {errorMessage(validate.error)}
            </Alert>
          )}
          {result && Object.keys(result.reasons).length > 0 && (
            <Group gap={6} data-testid="validation-reasons">
              {Object.entries(result.reasons).map(([code, n]) => (
                <Badge key={code} color="red" variant="light" tt="none" data-testid="validation-reason" data-code={code}>
                  {rejectionLabels[code as CampaignRejectionCode] ?? code}: {n}
                </Badge>
              ))}
            </Group>
          )}
          {ready && counts && (
            <Tabs value={tab} onChange={(v) => v && setTab(v as ValidationList)} keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="messages" data-testid="validation-tab-messages" data-count={counts.messages}>
                  Messages ({counts.messages})
                </Tabs.Tab>
                <Tabs.Tab value="rejected" data-testid="validation-tab-rejected" data-count={counts.rejected}>
                  Rejected ({counts.rejected})
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="messages" pt="sm">
                <ValidationTable draftId={draft.id} list="messages" />
              </Tabs.Panel>
              <Tabs.Panel value="rejected" pt="sm">
                <ValidationTable draftId={draft.id} list="rejected" />
              </Tabs.Panel>
            </Tabs>
          )}
        </Stack>
      </Paper>
      {confirm.isError && !confirming && <Alert color="red">{errorMessage(confirm.error)}</Alert>}
      <StepNav
        onPrevious={onPrevious}
        next={
          <Button
            color="green"
            leftSection={<IconCheck size={16} aria-hidden />}
            disabled={!ready || !counts || counts.messages === 0}
            onClick={() => setConfirming(true)}
            data-testid="wizard-confirm"
          >
            Confirm
          </Button>
        }
      />
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Send this campaign?">
        <Stack>
          <Text size="sm">
            {counts?.messages} message{counts?.messages === 1 ? '' : 's'} will be sent{' '}
            {draft.mode === 'scheduled' && draft.scheduledAt ? `on ${time.dateTime(draft.scheduledAt)} (${time.zone})` : 'now'}
            {counts?.rejected ? `; the ${counts.rejected} rejected will not` : ''}. Sending can be paused or cancelled from the outbound
            history.
          </Text>
          {confirm.isError && <Alert color="red">{errorMessage(confirm.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              color="green"
              loading={confirm.isPending}
              data-testid="wizard-confirm-send"
              onClick={() =>
                confirm.mutate(undefined, {
                  onSuccess: (r) => {
                    setConfirming(false);
                    notifications.show({
                      color: 'green',
                      title: 'Campaign confirmed',
                      message: `${r.recipients} recipient${r.recipients === 1 ? '' : 's'}, ${r.status === 'scheduled' ? 'scheduled' : 'sending now'}.`,
                    });
                    onConfirmed();
                  },
                })
              }
            >
              Confirm
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ValidationTable({ draftId, list }: { draftId: string; list: ValidationList }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const rows = useValidationPage(draftId, list, page, pageSize, true);
  const items = rows.data?.items ?? [];

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="xs">{rows.isFetching && <Loader size="xs" aria-label="Loading" />}</Group>
        <Button
          size="xs"
          variant="light"
          component="a"
          href={campaignFiles.validation(draftId, list)}
          download
          leftSection={<IconFileSpreadsheet size={14} aria-hidden />}
          data-testid={`validation-download-${list}`}
        >
          Download {list === 'messages' ? 'messages' : 'rejected'} (Excel)
        </Button>
      </Group>
      {rows.isError && <Alert color="red">{errorMessage(rows.error)}</Alert>}
      {rows.data && items.length === 0 && <Text c="dimmed">{list === 'messages' ? 'No message would be sent.' : 'Nothing rejected.'}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped verticalSpacing={4} aria-label={list === 'messages' ? 'Messages' : 'Rejected'}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>Row</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>{list === 'messages' ? 'Message' : 'Reason'}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.rowNo} data-testid={`validation-${list}-row`} data-code={r.reason?.code}>
                  <Table.Td>{r.rowNo}</Table.Td>
                  <Table.Td>{list === 'messages' ? (r.e164 ?? r.phone) : (r.phone ?? '—')}</Table.Td>
                  <Table.Td>{r.name ?? '—'}</Table.Td>
                  <Table.Td>
                    {list === 'messages' ? (
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="validation-text">
                        {r.text}
                      </Text>
                    ) : (
                      <Group gap={6} wrap="nowrap">
                        {r.reason && (
                          <Badge size="sm" color="red" variant="light" tt="none">
                            {rejectionLabels[r.reason.code]}
                          </Badge>
                        )}
                        <Text size="sm" data-testid="validation-reason-text">
                          {r.reason?.text}
                        </Text>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {rows.data && (
        <Pager
          testId={`validation-${list}`}
          page={page}
          pageSize={pageSize}
          total={rows.data.total}
          onPage={setPage}
          onPageSize={setPageSize}
        />
      )}
    </Stack>
  );
}
