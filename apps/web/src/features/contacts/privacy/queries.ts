import type { MergeContactsRequest, PrivacyRequestKind, PrivacyRequestStatus, RetentionPolicy } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { conversationKeys } from '../../conversations/api';
import { contactKeys } from '../api';
import { privacyApi, privacyKeys } from './api';

export function usePrivacyRequests(filter: { status?: PrivacyRequestStatus; contactId?: string } = {}) {
  return useQuery({
    queryKey: privacyKeys.list(filter),
    queryFn: ({ signal }) => privacyApi.list(filter, signal),
    select: (data) => data.items,
  });
}

export function useRequestPrivacy(contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: PrivacyRequestKind) => privacyApi.request(contactId, kind),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: privacyKeys.requests }),
  });
}

/** Executing or cancelling changes the list; an erasure also removes a contact from every contacts view. */
export function usePrivacyAction(action: 'execute' | 'cancel') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => (action === 'execute' ? privacyApi.execute(id) : privacyApi.cancel(id)),
    onSuccess: async (request) => {
      await queryClient.invalidateQueries({ queryKey: privacyKeys.requests });
      if (request.kind === 'erase') await queryClient.invalidateQueries({ queryKey: contactKeys.all });
    },
  });
}

export function useMergeContacts(contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeContactsRequest) => privacyApi.merge(contactId, body),
    onSuccess: async (contact) => {
      queryClient.setQueryData(contactKeys.detail(contactId), contact);
      // Lists, the other contact's page and its conversations all changed.
      await queryClient.invalidateQueries({ queryKey: contactKeys.all });
      await queryClient.invalidateQueries({ queryKey: conversationKeys.all });
    },
  });
}

export function useContactSearch(q: string) {
  return useQuery({
    queryKey: ['contacts', 'merge-search', q],
    queryFn: ({ signal }) => privacyApi.search(q, signal),
    enabled: q.trim().length >= 2,
    select: (data) => data.items,
  });
}

export function useContactAttributes(contactId: string | null) {
  return useQuery({
    queryKey: ['contacts', 'detail', contactId, 'attributes'],
    queryFn: ({ signal }) => privacyApi.attributes(contactId!, signal),
    enabled: !!contactId,
    select: (data) => data.items,
  });
}

export function useRetentionPolicy() {
  return useQuery({ queryKey: privacyKeys.retention, queryFn: ({ signal }) => privacyApi.retention(signal) });
}

export function useSaveRetentionPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RetentionPolicy) => privacyApi.saveRetention(body),
    onSuccess: (policy) => queryClient.setQueryData(privacyKeys.retention, policy),
  });
}
