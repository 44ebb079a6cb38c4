import { Alert, Button, Group, Loader, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconArrowsExchange, IconChevronLeft, IconChevronRight, IconFileSpreadsheet, IconInfoCircle } from '@tabler/icons-react';
import { adminListDefaultOrder, adminListSorts, type AdminListItem, type AdminListName } from '@parley/contracts';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../lib/api';
import { TransferModal } from '../conversations/TransferModal';
import { useUserTime, type UserTime } from '../identity/session';
import { useAgents, useSkillsetReadiness } from '../routing/desk-queries';
import { exportUrl, type AdminListParams } from './api';
import { canTransfer, columnsOf, sortLabels, type Column } from './columns';
import { nextDay, zonedDayStart } from './dates';
import { InfoDrawer } from './InfoDrawer';
import { useAdminPage } from './queries';

const pageSizes = ['10', '25', '50', '100'];

/** State that belongs to one set of list parameters: it starts afresh whenever a filter or the sort changes. */
function useKeyedState<T>(key: string, initial: T): [T, (value: T) => void] {
  const [state, setState] = useState<{ key: string; value: T }>({ key, value: initial });
  return [state.key === key ? state.value : initial, (value: T) => setState({ key, value })];
}

/** One admin list (seed 004): filters, sort, page size 10–100, keyset pages, Excel of what it shows, Info, Transfer. */
export function AdminList({ list }: { list: AdminListName }) {
  const time = useUserTime();
  const sorts: readonly string[] = adminListSorts[list];
  const [sort, setSort] = useState(sorts[0]!);
  const [order, setOrder] = useState<'asc' | 'desc'>(adminListDefaultOrder[list]);
  const [pageSize, setPageSize] = useState(25);
  const [status, setStatus] = useState<string | null>(null);
  const [skillsetId, setSkillsetId] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [infoId, setInfoId] = useState<string | null>(null);
  const [transferId, setTransferId] = useState<string | null>(null);
  const agents = useAgents(list === 'active' || list === 'history' || list === 'templates-sent');
  const skillsets = useSkillsetReadiness(list === 'waiting');

  const params: AdminListParams = useMemo(() => {
    const from = fromDay ? zonedDayStart(fromDay, time.zone) : null;
    const to = toDay ? zonedDayStart(nextDay(toDay), time.zone) : null;
    return {
      list,
      sort,
      order,
      pageSize,
      ...(list === 'unmanaged' && (status === 'active' || status === 'closed') ? { status } : {}),
      ...(list === 'waiting' && skillsetId ? { skillsetId } : {}),
      ...(list !== 'unmanaged' && list !== 'waiting' && agentId ? { agentId } : {}),
      ...(list === 'history' && from ? { from } : {}),
      ...(list === 'history' && to ? { to } : {}),
    };
  }, [list, sort, order, pageSize, status, skillsetId, agentId, fromDay, toDay, time.zone]);
  const key = JSON.stringify(params);
  // cursors[i] opens page i; the last one is the page shown. Previous pops, next pushes.
  const [cursors, setCursors] = useKeyedState<Array<string | null>>(key, [null]);
  const page = useAdminPage(params, cursors.at(-1) ?? null);
  const items = page.data?.items ?? [];
  const columns = columnsOf[list];
  const badRange = Boolean(fromDay && toDay && fromDay > toDay);

  return (
    <Stack gap="sm" data-testid={`admin-list-${list}`}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group gap="xs" align="flex-end" wrap="wrap">
          {list === 'unmanaged' && (
            <Select
              label="Status"
              size="xs"
              w={140}
              clearable
              placeholder="All"
              data={[
                { value: 'active', label: 'Active (window open)' },
                { value: 'closed', label: 'Closed' },
              ]}
              value={status}
              onChange={setStatus}
            />
          )}
          {list === 'waiting' && (
            <Select
              label="Queue"
              size="xs"
              w={200}
              clearable
              placeholder="All queues"
              data={[
                { value: 'general', label: 'General queue' },
                ...(skillsets.data ?? []).map((s) => ({ value: s.skillsetId, label: s.name })),
              ]}
              value={skillsetId}
              onChange={setSkillsetId}
            />
          )}
          {(list === 'active' || list === 'history' || list === 'templates-sent') && (
            <Select
              label={list === 'templates-sent' ? 'Sent by' : 'Agent'}
              size="xs"
              w={200}
              clearable
              searchable
              placeholder="All agents"
              data={(agents.data ?? []).map((a) => ({ value: a.userId, label: a.name }))}
              value={agentId}
              onChange={setAgentId}
              data-testid="admin-filter-agent"
            />
          )}
          {list === 'history' && (
            <>
              <TextInput
                type="date"
                label="Closed from"
                size="xs"
                value={fromDay}
                onChange={(e) => setFromDay(e.currentTarget.value)}
                data-testid="admin-filter-from"
              />
              <TextInput
                type="date"
                label="Closed to"
                size="xs"
                value={toDay}
                onChange={(e) => setToDay(e.currentTarget.value)}
                error={badRange ? 'Must not be before the start' : undefined}
                data-testid="admin-filter-to"
              />
            </>
          )}
          <Select
            label="Sort by"
            size="xs"
            w={190}
            allowDeselect={false}
            data={sorts.map((s) => ({ value: s, label: sortLabels[s] ?? s }))}
            value={sort}
            onChange={(v) => v && setSort(v)}
          />
          <Select
            label="Order"
            size="xs"
            w={130}
            allowDeselect={false}
            data={[
              { value: 'desc', label: 'Newest first' },
              { value: 'asc', label: 'Oldest first' },
            ]}
            value={order}
            onChange={(v) => setOrder(v === 'asc' ? 'asc' : 'desc')}
          />
          <Select
            label="Rows per page"
            size="xs"
            w={110}
            allowDeselect={false}
            data={pageSizes}
            value={String(pageSize)}
            onChange={(v) => v && setPageSize(Number(v))}
            data-testid="admin-page-size"
          />
          {page.isFetching && <Loader size="xs" aria-label="Loading" />}
        </Group>
        <Button
          size="xs"
          variant="light"
          component="a"
          href={badRange ? undefined : exportUrl(params)}
          download
          disabled={badRange}
          leftSection={<IconFileSpreadsheet size={14} aria-hidden />}
          data-testid="admin-export"
        >
          Download Excel
        </Button>
      </Group>

      {page.isError && <Alert color="red">{errorMessage(page.error)}</Alert>}
      {page.isPending && <Loader aria-label="Loading conversations" />}
      {page.data && items.length === 0 && (
        <Text c="dimmed" data-testid="admin-empty">
          Nothing here right now.
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label={`${list} conversations`}>
            <Table.Caption>Dates are shown in your time zone, {time.zone}. The list updates live.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.header}>{c.header}</Table.Th>
                ))}
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Row key={item.id} list={list} item={item} columns={columns} time={time} onInfo={setInfoId} onTransfer={setTransferId} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Group justify="flex-end" gap="xs">
        <Text size="sm" c="dimmed" data-testid="admin-page">
          Page {cursors.length}
        </Text>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconChevronLeft size={14} aria-hidden />}
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
          data-testid="admin-prev"
        >
          Previous
        </Button>
        <Button
          size="xs"
          variant="default"
          rightSection={<IconChevronRight size={14} aria-hidden />}
          disabled={!page.data?.nextCursor || page.isPlaceholderData}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
          data-testid="admin-next"
        >
          Next
        </Button>
      </Group>

      <InfoDrawer conversationId={infoId} onClose={() => setInfoId(null)} />
      {transferId && <TransferModal conversationId={transferId} opened onClose={() => setTransferId(null)} />}
    </Stack>
  );
}

interface RowProps {
  list: AdminListName;
  item: AdminListItem;
  columns: Column[];
  time: UserTime;
  onInfo: (id: string) => void;
  onTransfer: (id: string) => void;
}

function Row({ list, item, columns, time, onInfo, onTransfer }: RowProps) {
  const transferable = canTransfer(list, item);
  return (
    <Table.Tr data-testid="admin-row" data-conversation-id={item.conversationId}>
      {columns.map((c) => (
        <Table.Td key={c.header}>{c.cell(item, time)}</Table.Td>
      ))}
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconInfoCircle size={14} aria-hidden />}
            onClick={() => onInfo(item.conversationId)}
            data-testid="admin-info"
          >
            Info
          </Button>
          {list !== 'templates-sent' && list !== 'history' && (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconArrowsExchange size={14} aria-hidden />}
              disabled={!transferable}
              title={transferable ? undefined : 'A closed conversation cannot be transferred'}
              onClick={() => onTransfer(item.conversationId)}
              data-testid="admin-transfer"
            >
              Transfer
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
