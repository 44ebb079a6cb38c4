import { ActionIcon, Alert, Button, Group, Loader, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { CampaignDraft } from '@parley/contracts';
import { IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmRemovalModal } from '../../../components/ConfirmRemovalModal';
import { errorMessage } from '../../../lib/api';
import { Pager } from '../Pager';
import { useAddContact, useAudience, useRemoveRow } from '../queries';
import { ContactSearch, useCustomerSearch } from './ContactSearch';

/** The audience as it stands (seed 004's data frame, 10–100 a page), with delete number and add customer. */
export function RecipientsTable({ draft }: { draft: CampaignDraft }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const audience = useAudience(draft.id, page, pageSize);
  const remove = useRemoveRow(draft.id);
  const [deleting, setDeleting] = useState<{ rowNo: number; phone: string | null } | null>(null);
  const [adding, setAdding] = useState(false);
  const file = draft.audience.source === 'file' ? draft.audience.file : null;
  const extra = file ? file.columns.filter((c) => c !== file.phoneColumn && c !== file.nameColumn) : [];
  const items = audience.data?.items ?? [];
  const total = audience.data?.total ?? 0;

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600} data-testid="audience-total" data-total={audience.data ? total : undefined}>
            {audience.data ? `${total.toLocaleString()} recipient${total === 1 ? '' : 's'}` : 'Recipients'}
          </Text>
          {audience.isFetching && <Loader size="xs" aria-label="Loading recipients" />}
        </Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconUserPlus size={14} aria-hidden />}
          onClick={() => setAdding(true)}
          data-testid="audience-add"
        >
          Add customer
        </Button>
      </Group>
      {audience.isError && <Alert color="red">{errorMessage(audience.error)}</Alert>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing={4} aria-label="Recipients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>Row</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Name</Table.Th>
                {extra.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.rowNo} data-testid="audience-row" data-row-no={r.rowNo}>
                  <Table.Td>{r.rowNo}</Table.Td>
                  <Table.Td data-testid="audience-row-phone">{r.phone ?? '—'}</Table.Td>
                  <Table.Td>{r.name ?? '—'}</Table.Td>
                  {extra.map((c) => (
                    <Table.Td key={c}>{r.cells?.[c] ?? ''}</Table.Td>
                  ))}
                  <Table.Td>
                    <Tooltip label="Delete the number from the campaign">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete row ${r.rowNo}`}
                        data-testid="audience-row-delete"
                        onClick={() => setDeleting({ rowNo: r.rowNo, phone: r.phone })}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {audience.data && <Pager testId="audience" page={page} pageSize={pageSize} total={total} onPage={setPage} onPageSize={setPageSize} />}

      <ConfirmRemovalModal
        opened={deleting !== null}
        title="Delete this number from the campaign?"
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.rowNo, { onSuccess: () => setDeleting(null) })}
      >
        <Text size="sm">
          Row {deleting?.rowNo} ({deleting?.phone ?? 'no number'}) will not get the message. The customer stays in your contacts.
        </Text>
      </ConfirmRemovalModal>
      <AddCustomerModal draftId={draft.id} opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

function AddCustomerModal({ draftId, opened, onClose }: { draftId: string; opened: boolean; onClose: () => void }) {
  const add = useAddContact(draftId);
  const s = useCustomerSearch();
  const close = () => {
    add.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Add customer to the campaign" size="lg">
      <Stack>
        <ContactSearch
          testId="add-customer"
          s={s}
          action={(c) => (
            <Button
              size="compact-xs"
              variant="light"
              data-testid="add-customer-pick"
              loading={add.isPending && add.variables === c.id}
              onClick={() => add.mutate(c.id, { onSuccess: close })}
            >
              Add
            </Button>
          )}
        />
        {add.isError && <Alert color="red">{errorMessage(add.error)}</Alert>}
      </Stack>
    </Modal>
  );
}
