import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channelKeys } from '../channels/api';
import { simulatorApi, simulatorKeys } from './api';

const POLL_MS = 1000;

/**
 * POST /simulator/start on every visit (it is idempotent: it creates the demo's simulated number once, then just
 * answers with it). A query rather than a mutation, so the page gets loading and error states for free.
 */
export function useSimulatorStart() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: simulatorKeys.channel,
    queryFn: async () => {
      const channel = await simulatorApi.start();
      // The simulated number is a channel like any other: the Channels list should show it.
      void queryClient.invalidateQueries({ queryKey: channelKeys.all });
      return channel;
    },
    staleTime: Infinity,
    refetchOnMount: 'always',
    refetchOnWindowFocus: false,
  });
}

/** What Parley sent to this customer, polled every second (realtime events also trigger a refetch). */
export function useSimulatorOutbox(waId: string, enabled: boolean) {
  return useQuery({
    queryKey: simulatorKeys.outbox(waId),
    queryFn: ({ signal }) => simulatorApi.outbox(waId, signal),
    select: (data) => data.items,
    enabled,
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
}

export function useSimulatorSend() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: simulatorApi.send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: simulatorKeys.outboxes }),
  });
}
