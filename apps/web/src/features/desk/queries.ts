import type {
  CreateCannedReplyRequest,
  DeskView,
  SendConversationTemplateRequest,
  UpdateCannedReplyRequest,
  UploadedAttachment,
} from '@parley/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { conversationKeys } from '../conversations/api';
import { agentDeskApi, agentDeskKeys } from './api';

/** Mine or Queue, filtered by the server (so every page is full). */
export function useDeskList(view: DeskView, enabled = true) {
  return useInfiniteQuery({
    queryKey: agentDeskKeys.list(view),
    queryFn: ({ pageParam, signal }) => agentDeskApi.list(view, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useCannedReplies() {
  return useQuery({
    queryKey: agentDeskKeys.cannedReplies,
    queryFn: ({ signal }) => agentDeskApi.cannedReplies(signal),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

export function useSaveCannedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string | null; body: CreateCannedReplyRequest | UpdateCannedReplyRequest }) =>
      v.id ? agentDeskApi.updateCannedReply(v.id, v.body) : agentDeskApi.createCannedReply(v.body as CreateCannedReplyRequest),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentDeskKeys.cannedReplies }),
  });
}

export function useDeleteCannedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (replyId: string) => agentDeskApi.deleteCannedReply(replyId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentDeskKeys.cannedReplies }),
  });
}

export function useNotes(conversationId: string) {
  return useQuery({
    queryKey: agentDeskKeys.notes(conversationId),
    queryFn: ({ signal }) => agentDeskApi.notes(conversationId, signal),
    select: (d) => d.items,
  });
}

export function useWriteNote(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => agentDeskApi.writeNote(conversationId, text),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentDeskKeys.notes(conversationId) }),
  });
}

export function useSendableTemplates(channelId: string, enabled: boolean) {
  return useQuery({
    queryKey: agentDeskKeys.templates(channelId),
    queryFn: ({ signal }) => agentDeskApi.templates(channelId, signal),
    select: (d) => d.items,
    enabled,
    staleTime: 60_000,
  });
}

export function useSendTemplate(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SendConversationTemplateRequest) => agentDeskApi.sendTemplate(conversationId, body),
    onSuccess: (sent) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: conversationKeys.detail(sent.conversationId) }),
        queryClient.invalidateQueries({ queryKey: conversationKeys.lists }),
      ]),
  });
}

/** Upload then send: the file is kept first, and the message that carries it is queued only once it is. */
export function useSendFile(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, caption }: { file: File; caption: string }) => {
      const stored: UploadedAttachment = await agentDeskApi.upload(conversationId, file);
      return agentDeskApi.sendFile(conversationId, stored, caption);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) }),
  });
}

/** A contact's attribute values (top properties first): the profile panel shows them, canned replies fill them in. */
export function useContactAttributes(contactId: string) {
  return useQuery({
    queryKey: ['contacts', 'attributes', contactId],
    queryFn: ({ signal }) => agentDeskApi.attributes(contactId, signal),
    select: (d) => d.items,
  });
}

/** The profile panel's reads, each on its own so one slow or failing section never blanks the others. */
export function useDeskProfile(contactId: string) {
  const profile = useQuery({
    queryKey: [...agentDeskKeys.profile(contactId), 'profile'],
    queryFn: ({ signal }) => agentDeskApi.profile(contactId, signal),
  });
  const conversations = useQuery({
    queryKey: [...agentDeskKeys.profile(contactId), 'conversations'],
    queryFn: ({ signal }) => agentDeskApi.conversations(contactId, signal),
    select: (d) => d.items,
  });
  const sessions = useQuery({
    queryKey: [...agentDeskKeys.profile(contactId), 'sessions'],
    queryFn: ({ signal }) => agentDeskApi.sessions(contactId, signal),
    select: (d) => d.items,
  });
  const campaigns = useQuery({
    queryKey: [...agentDeskKeys.profile(contactId), 'campaigns'],
    queryFn: ({ signal }) => agentDeskApi.campaigns(contactId, signal),
    select: (d) => d.items,
  });
  return { profile, conversations, sessions, campaigns };
}
