import { Alert, Anchor, Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { ContactImport } from '@parley/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconDownload } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useRealtimeEvent } from '../../../lib/RealtimeProvider';
import { listKeys } from '../list-api';
import { importApi, importFiles, importKeys } from './api';

const OPEN = new Set(['queued', 'running']);

/** Step 3: the job's progress (live over the socket, polled as a backstop), then the outcome and the rejected rows. */
export function ProgressStep({ importId, onClose }: { importId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: importKeys.one(importId),
    queryFn: ({ signal }) => importApi.get(importId, signal),
    refetchInterval: (q) => (q.state.data && !OPEN.has(q.state.data.status) ? false : 2000),
  });
  useRealtimeEvent('contacts.import.progress', (data) => {
    if (data.importId !== importId) return;
    queryClient.setQueryData<ContactImport>(importKeys.one(importId), (current) =>
      current
        ? {
            ...current,
            status: data.status as ContactImport['status'],
            progress: {
              total: data.total,
              processed: data.processed,
              inserted: data.inserted,
              updated: data.updated,
              rejected: data.rejected,
            },
          }
        : current,
    );
  });
  const imp = query.data;
  const finished = imp && !OPEN.has(imp.status);
  useEffect(() => {
    // The list shows the new contacts as soon as the import ends.
    if (finished) void queryClient.invalidateQueries({ queryKey: listKeys.all });
  }, [finished, queryClient]);

  if (!imp) return <Text size="sm">Starting…</Text>;
  const { total, processed, inserted, updated, rejected } = imp.progress;
  const percent = total ? Math.round((processed / total) * 100) : 0;

  return (
    <Stack gap="md">
      <Progress value={percent} size="lg" animated={!finished} data-testid="import-progress" aria-label={`${percent}% imported`} />
      <Text size="sm" data-testid="import-counts">
        {processed.toLocaleString()} of {total.toLocaleString()} rows: {inserted.toLocaleString()} new, {updated.toLocaleString()} updated,{' '}
        {rejected.toLocaleString()} rejected
      </Text>
      {imp.status === 'done' && (
        <Alert color="green" data-testid="import-done" title="Import finished">
          New contacts have the source import:{imp.sourceLabel}.
        </Alert>
      )}
      {imp.status === 'failed' && (
        <Alert color="red" title="The import stopped" data-testid="import-failed">
          {imp.error}
        </Alert>
      )}
      {imp.status === 'cancelled' && <Alert color="gray">The import was cancelled; the rows before it stay imported.</Alert>}
      {rejected > 0 && (
        <Group gap="md">
          <Text size="sm">Rejected rows, with an error column:</Text>
          <Anchor href={importFiles.rejected(importId, 'xlsx')} download size="sm" data-testid="import-rejected-xlsx">
            <Group gap={4}>
              <IconDownload size={14} aria-hidden /> .xlsx
            </Group>
          </Anchor>
          <Anchor href={importFiles.rejected(importId, 'csv')} download size="sm" data-testid="import-rejected-csv">
            <Group gap={4}>
              <IconDownload size={14} aria-hidden /> .csv
            </Group>
          </Anchor>
        </Group>
      )}
      <Group justify="flex-end">
        {!finished && (
          <Button variant="default" color="red" onClick={() => void importApi.cancel(importId).then(() => query.refetch())}>
            Cancel import
          </Button>
        )}
        <Button onClick={onClose} data-testid="import-close">
          {finished ? 'Done' : 'Close (it keeps running)'}
        </Button>
      </Group>
    </Stack>
  );
}
