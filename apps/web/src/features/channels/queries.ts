import type { Channel } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channelKeys, channelsApi } from './api';

export function useChannelsQuery() {
  return useQuery({
    queryKey: channelKeys.all,
    queryFn: ({ signal }) => channelsApi.list(signal),
    select: (data) => data.items,
  });
}

export function useCreateWhatsAppChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: channelsApi.createWhatsApp,
    onSuccess: (channel) => {
      // Listed at once, so its details (webhook URL, verify token) can open before the refetch lands.
      queryClient.setQueryData<{ items: Channel[] }>(channelKeys.all, (current) =>
        current ? { items: [...current.items, channel] } : current,
      );
      return queryClient.invalidateQueries({ queryKey: channelKeys.all });
    },
  });
}

export function useTestChannel() {
  return useMutation({ mutationFn: channelsApi.test });
}

export function useRemoveChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: channelsApi.remove,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}
