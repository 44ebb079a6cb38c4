import type { EmailTranscriptRequest } from '@parley/contracts';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { adminApi, adminKeys, type AdminListParams } from './api';

export function useAdminPage(params: AdminListParams, cursor: string | null) {
  return useQuery({
    queryKey: adminKeys.page(params, cursor),
    queryFn: ({ signal }) => adminApi.page(params, cursor, signal),
    // The table keeps the last page while the next one loads, instead of flashing empty.
    placeholderData: keepPreviousData,
  });
}

export function useAdminCounts() {
  return useQuery({ queryKey: adminKeys.counts, queryFn: ({ signal }) => adminApi.counts(signal) });
}

export function useConversationInfo(id: string | null) {
  return useQuery({
    queryKey: adminKeys.info(id ?? ''),
    queryFn: ({ signal }) => adminApi.info(id!, signal),
    enabled: id !== null,
  });
}

export function useEmailTranscript(id: string) {
  return useMutation({ mutationFn: (body: EmailTranscriptRequest) => adminApi.email(id, body) });
}
