import type { Channel, CreateWebchatChannelRequest, UpdateWebchatChannelRequest, WebchatChannel } from '@parley/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { channelKeys } from './api';

// The website chat widget: created through POST /channels (kind 'webchat'), its settings changed on its own route.
export const widgetApi = {
  create: (body: CreateWebchatChannelRequest) => api.post<WebchatChannel>('/channels', body),
  update: ({ id, ...body }: UpdateWebchatChannelRequest & { id: string }) =>
    api.patch<WebchatChannel>(`/channels/${encodeURIComponent(id)}/widget`, body),
};

/** Put the saved channel in the cached list at once, so its details show it before the refetch lands. */
function useRememberChannel() {
  const queryClient = useQueryClient();
  return (channel: Channel) => {
    queryClient.setQueryData<{ items: Channel[] }>(channelKeys.all, (current) => {
      if (!current) return current;
      const known = current.items.some((c) => c.id === channel.id);
      return { items: known ? current.items.map((c) => (c.id === channel.id ? channel : c)) : [...current.items, channel] };
    });
    return queryClient.invalidateQueries({ queryKey: channelKeys.all });
  };
}

export function useCreateWidget() {
  const remember = useRememberChannel();
  return useMutation({ mutationFn: widgetApi.create, onSuccess: remember });
}

export function useUpdateWidget() {
  const remember = useRememberChannel();
  return useMutation({ mutationFn: widgetApi.update, onSuccess: remember });
}
