import type { BulkActionView } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRealtimeEvent } from '../../../lib/RealtimeProvider';
import { listKeys } from '../list-api';
import { bulkApi, bulkKeys } from './api';

const finished = (a: BulkActionView | undefined) => a?.status === 'done' || a?.status === 'failed';

export function useStartBulkAction() {
  return useMutation({ mutationFn: bulkApi.start });
}

/**
 * A running bulk action's progress: pushed over the live connection to whoever started it, and polled every
 * two seconds as a backstop until it is done or failed.
 */
export function useBulkProgress(id: string | null) {
  const queryClient = useQueryClient();
  useRealtimeEvent('bulk.progress', (data) => {
    if (data.id === id) void queryClient.invalidateQueries({ queryKey: bulkKeys.action(data.id) });
  });
  return useQuery({
    queryKey: bulkKeys.action(id ?? ''),
    queryFn: ({ signal }) => bulkApi.get(id!, signal),
    enabled: Boolean(id),
    refetchInterval: (q) => (finished(q.state.data) ? false : 2_000),
  });
}

/** The list, its counts and the segments show what a finished action changed. */
export function useRefreshAfterBulk() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: listKeys.all }),
      queryClient.invalidateQueries({ queryKey: listKeys.segments }),
      queryClient.invalidateQueries({ queryKey: ['contacts', 'detail'] }),
    ]);
}

export { finished as isBulkFinished };
