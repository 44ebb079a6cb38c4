import type { TransferRequest } from '@parley/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deskApi, deskKeys } from '../routing/desk-api';
import { conversationKeys, conversationsApi, type ConversationState } from './api';

export function useConversationList(state: ConversationState | null, enabled = true) {
  return useInfiniteQuery({
    queryKey: conversationKeys.list(state),
    queryFn: ({ pageParam, signal }) => conversationsApi.list(state, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: conversationKeys.detail(id),
    queryFn: ({ signal }) => conversationsApi.get(id, signal),
  });
}

export function useSendText(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => conversationsApi.sendText(conversationId, text),
    // The realtime event does the same; refreshing here keeps the sender's screen right even if the socket is down.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) }),
  });
}

export function useCloseConversation(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => conversationsApi.close(conversationId, reason),
    onSuccess: (detail) => {
      queryClient.setQueryData(conversationKeys.detail(conversationId), detail);
      return queryClient.invalidateQueries({ queryKey: conversationKeys.lists });
    },
  });
}

export function useConversationSettings() {
  return useQuery({
    queryKey: conversationKeys.settings,
    queryFn: ({ signal }) => conversationsApi.settings(signal),
    staleTime: 60_000,
  });
}

export function useSaveConversationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: conversationsApi.saveSettings,
    onSuccess: (saved) => queryClient.setQueryData(conversationKeys.settings, saved),
  });
}

/** Where the conversation ended up shows from the refetch; the other desks learn it from the live events. */
export function useTransfer(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TransferRequest) => deskApi.transfer(conversationId, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) }),
        queryClient.invalidateQueries({ queryKey: conversationKeys.lists }),
        queryClient.invalidateQueries({ queryKey: deskKeys.agents }),
        queryClient.invalidateQueries({ queryKey: deskKeys.readiness }),
      ]),
  });
}
