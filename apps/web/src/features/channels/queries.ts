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

/** A new channel is listed at once, so its details (webhook URL, verify token, bot name) can open before the refetch lands. */
function useChannelCreated() {
  const queryClient = useQueryClient();
  return (channel: Channel) => {
    queryClient.setQueryData<{ items: Channel[] }>(channelKeys.all, (current) =>
      current ? { items: [...current.items, channel] } : current,
    );
    return queryClient.invalidateQueries({ queryKey: channelKeys.all });
  };
}

export function useCreateWhatsAppChannel() {
  const created = useChannelCreated();
  return useMutation({ mutationFn: channelsApi.createWhatsApp, onSuccess: created });
}

export function useCreateTelegramChannel() {
  const created = useChannelCreated();
  return useMutation({ mutationFn: channelsApi.createTelegram, onSuccess: created });
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
