import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { conversationKeys, conversationsApi, type ConversationState } from './api';

export function useConversationList(state: ConversationState | null) {
  return useInfiniteQuery({
    queryKey: conversationKeys.list(state),
    queryFn: ({ pageParam, signal }) => conversationsApi.list(state, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
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
