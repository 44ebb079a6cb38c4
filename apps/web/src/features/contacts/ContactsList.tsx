import { ActionIcon, Alert, Button, Group, Loader, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ContactFilter, ContactSortKey } from '@parley/contracts';
import { IconChevronLeft, IconChevronRight, IconFileSpreadsheet, IconSearch, IconStack2, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/api';
import { useUserTime } from '../identity/session';
import { BulkActionMenu } from './bulk/BulkActionMenu';
import { ContactsTable } from './ContactsTable';
import { FilterBuilder } from './FilterBuilder';
import { ImportContactsButton } from './import/ImportContactsButton';
import { fieldOptions, toFilter, type DraftCondition } from './filters';
import { exportUrl, type ListParams } from './list-api';
import { useAttributeDefinitions, useContactCount, useContactPage, useSegment } from './list-queries';
import { SaveSegmentModal, type Selection } from './SaveSegmentModal';

const sortOptions: Array<{ value: ContactSortKey; label: string }> = [
  { value: 'createdAt', label: 'Created' },
  { value: 'lastActiveAt', label: 'Last active' },
  { value: 'name', label: 'Name' },
  { value: 'messagesFromCustomer', label: 'Messages' },
  { value: 'unresolvedQueries', label: 'Unresolved queries' },
  { value: 'sessions', label: 'Sessions' },
];
const pageSizes = ['10', '25', '50', '100'];

/** State that belongs to one set of list parameters: it starts afresh whenever the search, filter or sort change. */
function useKeyedState<T>(key: string, initial: T): [T, (value: T) => void] {
  const [state, setState] = useState<{ key: string; value: T }>({ key, value: initial });
  return [state.key === key ? state.value : initial, (value: T) => setState({ key, value })];
}

/** The contacts list: search, filters, sort, page size, keyset pages, selection, save as segment, export. */
export function ContactsList() {
  const time = useUserTime();
  const [searchParams, setSearchParams] = useSearchParams();
  const segmentId = searchParams.get('segment');
  const segment = useSegment(segmentId);
  const attributes = useAttributeDefinitions();
  const fields = useMemo(() => fieldOptions(attributes.data ?? []), [attributes.data]);

  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [match, setMatch] = useState<ContactFilter['match']>('all');
  const [drafts, setDrafts] = useState<DraftCondition[]>([]);
  const [applied, setApplied] = useState<ContactFilter | null>(null);
  const [sort, setSort] = useState<ContactSortKey>('createdAt');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [limit, setLimit] = useState(25);
  const [saving, setSaving] = useState(false);

  const params: ListParams = useMemo(
    () => ({ q, filter: applied, segment: segmentId, sort, order, limit }),
    [q, applied, segmentId, sort, order, limit],
  );
  const paramsKey = JSON.stringify(params);
  // cursors[i] opens page i; the last one is the page shown. Previous pops, next pushes.
  const [cursors, setCursors] = useKeyedState<Array<string | null>>(paramsKey, [null]);
  const [selection, setSelection] = useKeyedState<Selection>(paramsKey, { kind: 'none' });
  const page = useContactPage(params, cursors.at(-1) ?? null);
  const items = page.data?.items ?? [];
  const count = useContactCount(params);
  const total = count.data ?? 0;

  const draftFilter = toFilter(match, drafts, fields, time.zone);
  const dirty = JSON.stringify(draftFilter) !== JSON.stringify(applied ?? { match: 'all', conditions: [] });

  const selectedIds = selection.kind === 'ids' ? selection.ids : [];
  const isSelected = (id: string) => selection.kind === 'all' || selectedIds.includes(id);
  const allOnPage = items.length > 0 && items.every((c) => isSelected(c.id));
  const someOnPage = items.some((c) => isSelected(c.id));
  const selectedCount = selection.kind === 'all' ? total : selectedIds.length;

  const toggle = (id: string) => {
    const current = selection.kind === 'all' ? items.map((c) => c.id) : selectedIds;
    const ids = current.includes(id) ? current.filter((x) => x !== id) : [...current, id];
    setSelection(ids.length ? { kind: 'ids', ids } : { kind: 'none' });
  };
  const togglePage = () => {
    if (allOnPage) {
      const ids = selection.kind === 'all' ? [] : selectedIds.filter((id) => !items.some((c) => c.id === id));
      setSelection(ids.length ? { kind: 'ids', ids } : { kind: 'none' });
    } else {
      setSelection({ kind: 'ids', ids: [...new Set([...selectedIds, ...items.map((c) => c.id)])] });
    }
  };

  return (
    <Stack>
      {segmentId && (
        <Alert color="blue" variant="light" data-testid="contacts-segment-banner" icon={<IconStack2 size={18} aria-hidden />}>
          <Group justify="space-between">
            <Text size="sm">
              Segment: <b>{segment.data?.name ?? '…'}</b>
              {segment.data?.description ? ` — ${segment.data.description}` : ''}
            </Text>
            <ActionIcon
              variant="subtle"
              aria-label="Show all contacts"
              data-testid="contacts-segment-clear"
              onClick={() => {
                searchParams.delete('segment');
                setSearchParams(searchParams);
              }}
            >
              <IconX size={16} aria-hidden />
            </ActionIcon>
          </Group>
        </Alert>
      )}

      <Group justify="space-between" align="flex-end">
        <TextInput
          aria-label="Search contacts"
          placeholder="Search by name, phone or email"
          data-testid="contacts-search"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Group gap="xs" align="flex-end">
          <Select
            label="Sort by"
            size="xs"
            data-testid="contacts-sort"
            allowDeselect={false}
            data={sortOptions}
            value={sort}
            onChange={(v) => v && setSort(v as ContactSortKey)}
            w={170}
          />
          <SegmentedControl
            size="xs"
            data-testid="contacts-order"
            value={order}
            onChange={(v) => setOrder(v as 'asc' | 'desc')}
            data={[
              { value: 'desc', label: 'Descending' },
              { value: 'asc', label: 'Ascending' },
            ]}
          />
          <Select
            label="Per page"
            size="xs"
            data-testid="contacts-page-size"
            allowDeselect={false}
            data={pageSizes}
            value={String(limit)}
            onChange={(v) => v && setLimit(Number(v))}
            w={90}
          />
        </Group>
      </Group>

      <FilterBuilder
        fields={fields}
        match={match}
        drafts={drafts}
        zone={time.zone}
        dirty={dirty}
        onChange={(m, d) => {
          setMatch(m);
          setDrafts(d);
        }}
        onApply={() => setApplied(draftFilter.conditions.length ? draftFilter : null)}
      />

      <Group justify="space-between">
        <Group gap="sm">
          <Text fw={600} data-testid="contacts-total" data-total={count.data ?? undefined}>
            {count.data !== undefined ? `${total.toLocaleString()} contact${total === 1 ? '' : 's'}` : 'Counting…'}
          </Text>
          {page.isFetching && <Loader size="xs" aria-label="Loading contacts" />}
        </Group>
        <Group gap="xs">
          <BulkActionMenu selection={selection} params={params} total={total} onStarted={() => setSelection({ kind: 'none' })} />
          <Button
            size="xs"
            variant="light"
            leftSection={<IconStack2 size={14} aria-hidden />}
            data-testid="contacts-save-segment"
            onClick={() => setSaving(true)}
          >
            Save as segment
          </Button>
          <Button
            size="xs"
            variant="light"
            component="a"
            href={exportUrl(params)}
            download
            leftSection={<IconFileSpreadsheet size={14} aria-hidden />}
            data-testid="contacts-export"
          >
            Export to Excel
          </Button>
          <ImportContactsButton />
        </Group>
      </Group>

      {selectedCount > 0 && (
        <Paper withBorder p="xs" radius="md" data-testid="contacts-selection-bar">
          <Group gap="sm">
            <Text size="sm" data-testid="contacts-selected-count" data-count={selectedCount}>
              {selection.kind === 'all' ? `All ${total.toLocaleString()} matching contacts are selected.` : `${selectedCount} selected.`}
            </Text>
            {selection.kind === 'ids' && total > selectedCount && (
              <Button
                size="compact-sm"
                variant="subtle"
                data-testid="contacts-select-all-matching"
                onClick={() => setSelection({ kind: 'all' })}
              >
                Select all {total.toLocaleString()} matching
              </Button>
            )}
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              data-testid="contacts-clear-selection"
              onClick={() => setSelection({ kind: 'none' })}
            >
              Clear selection
            </Button>
          </Group>
        </Paper>
      )}

      {page.isError && <Alert color="red">{errorMessage(page.error)}</Alert>}
      {page.isPending && <Loader aria-label="Loading contacts" />}
      {page.data && items.length === 0 && (
        <Text c="dimmed" data-testid="contacts-empty">
          No contacts match.
        </Text>
      )}
      {items.length > 0 && (
        <ContactsTable
          items={items}
          isSelected={isSelected}
          onToggle={toggle}
          allOnPage={allOnPage}
          someOnPage={someOnPage}
          onTogglePage={togglePage}
        />
      )}

      <Group justify="flex-end" gap="xs">
        <Text size="sm" c="dimmed" data-testid="contacts-page">
          Page {cursors.length}
        </Text>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconChevronLeft size={14} aria-hidden />}
          data-testid="contacts-prev"
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous
        </Button>
        <Button
          size="xs"
          variant="default"
          rightSection={<IconChevronRight size={14} aria-hidden />}
          data-testid="contacts-next"
          disabled={!page.data?.nextCursor || page.isPlaceholderData}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Next
        </Button>
      </Group>

      <SaveSegmentModal
        opened={saving}
        onClose={() => setSaving(false)}
        params={params}
        filter={applied}
        selection={selection}
        total={total}
      />
    </Stack>
  );
}
