import type { ContactView } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { contactKeys, contactsApi } from './api';

export function useContact(id: string) {
  return useQuery({
    queryKey: contactKeys.detail(id),
    queryFn: ({ signal }) => contactsApi.get(id, signal),
  });
}

/** Bot controls answer with the updated contact: write it into the cache so the panel changes at once. */
function useContactMutation<V>(contactId: string, call: (vars: V) => Promise<ContactView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (contact) => queryClient.setQueryData(contactKeys.detail(contactId), contact),
  });
}

export function usePauseBot(contactId: string) {
  return useContactMutation(contactId, (minutes: number) => contactsApi.pauseBot(contactId, minutes));
}

export function useResumeBot(contactId: string) {
  return useContactMutation(contactId, () => contactsApi.resumeBot(contactId));
}

export function useSetInfiniteSession(contactId: string) {
  return useContactMutation(contactId, (enabled: boolean) => contactsApi.setInfiniteSession(contactId, enabled));
}

export function useTagRules() {
  return useQuery({
    queryKey: contactKeys.tagRules,
    queryFn: ({ signal }) => contactsApi.tagRules(signal),
    select: (data) => data.items,
  });
}

export function useCreateTagRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: contactsApi.createTagRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.tagRules }),
  });
}

export function useDeleteTagRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: contactsApi.deleteTagRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.tagRules }),
  });
}
