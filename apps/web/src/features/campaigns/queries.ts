import type {
  CampaignDraft,
  CampaignHistoryItem,
  CampaignStatus,
  ContactSelection,
  RecipientStatus,
  UpdateCampaignRequest,
} from '@parley/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { campaignKeys, campaignsApi, type ValidationList } from './api';

/** Campaigns that change on their own (sending, waiting for their time) are read again this often. */
const LIVE_MS = 3_000;
/** Receipts (delivered, read) keep arriving after the last send; a finished campaign is read again more slowly. */
const RECEIPTS_MS = 10_000;
const moving = (status: CampaignStatus | undefined) => status === 'sending' || status === 'scheduled';

/** How often one campaign's view is read again: live while it sends, slower while receipts may still come. */
function refreshEvery(c: Pick<CampaignHistoryItem, 'status' | 'counts' | 'finishedAt'> | undefined): number | false {
  if (!c) return false;
  if (moving(c.status)) return LIVE_MS;
  // Receipts come within minutes of the send, or not at all: a day after the end, the page stops asking.
  const recent = c.finishedAt !== null && Date.now() - new Date(c.finishedAt).getTime() < 86_400_000;
  return recent && c.counts.sent + c.counts.delivered > 0 ? RECEIPTS_MS : false;
}

// ——— wizard ———

export function useDraft(id: string | undefined) {
  return useQuery({
    queryKey: campaignKeys.draft(id ?? ''),
    queryFn: ({ signal }) => campaignsApi.draft(id!, signal),
    enabled: Boolean(id),
  });
}

export function useApprovedTemplates(channelId: string | null) {
  return useQuery({
    queryKey: campaignKeys.templates(channelId ?? ''),
    queryFn: ({ signal }) => campaignsApi.templates(channelId!, signal),
    enabled: Boolean(channelId),
    // Unsupported templates are listed by the server but cannot be sent: they are not offered.
    select: (data) => data.items.filter((t) => t.status === 'approved' && !t.content.unsupported),
  });
}

/** Anything that changes the draft makes every view of it (audience, preview, validation) stale. */
function useRefreshDraft(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: campaignKeys.draft(id) });
}

/** Saves any step's fields; the draft's id travels with each call (a new campaign gets its id just before). */
export function useUpdateDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCampaignRequest }) => campaignsApi.update(id, body),
    onSuccess: (draft: CampaignDraft, { id }) => {
      queryClient.setQueryData(campaignKeys.draft(id), draft);
      // The draft itself was just set; what hangs below it (audience, preview, validation) is read again.
      return queryClient.invalidateQueries({ queryKey: campaignKeys.draft(id), predicate: (q) => q.queryKey.length > 3 });
    },
  });
}

export function useCreateDraft() {
  return useMutation({ mutationFn: campaignsApi.create });
}

export function useUploadAudience(id: string) {
  const refresh = useRefreshDraft(id);
  return useMutation({
    mutationFn: ({ file, phoneColumn }: { file: File; phoneColumn?: string }) => campaignsApi.uploadFile(id, file, phoneColumn),
    onSuccess: refresh,
  });
}

export function useSetCustomers(id: string) {
  const refresh = useRefreshDraft(id);
  return useMutation({
    mutationFn: (body: { contactIds: string[] } | { filter: ContactSelection }) => campaignsApi.setCustomers(id, body),
    onSuccess: refresh,
  });
}

export function useSetSegment(id: string) {
  const refresh = useRefreshDraft(id);
  return useMutation({ mutationFn: (segmentId: string) => campaignsApi.setSegment(id, segmentId), onSuccess: refresh });
}

export function useRemoveRow(id: string) {
  const refresh = useRefreshDraft(id);
  return useMutation({ mutationFn: (rowNo: number) => campaignsApi.removeRow(id, rowNo), onSuccess: refresh });
}

export function useAddContact(id: string) {
  const refresh = useRefreshDraft(id);
  return useMutation({ mutationFn: (contactId: string) => campaignsApi.addContact(id, contactId), onSuccess: refresh });
}

export function useAudience(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: campaignKeys.audience(id, page, pageSize),
    queryFn: ({ signal }) => campaignsApi.audience(id, page, pageSize, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePreview(id: string, rowNo: number | null, enabled: boolean) {
  return useQuery({
    queryKey: campaignKeys.preview(id, rowNo),
    queryFn: ({ signal }) => campaignsApi.preview(id, rowNo, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useValidate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pageSize: number) => campaignsApi.validate(id, pageSize),
    // The counts live on the draft; the lists are read page by page afterwards.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.draft(id) }),
  });
}

export function useValidationPage(id: string, list: ValidationList, page: number, pageSize: number, enabled: boolean) {
  return useQuery({
    queryKey: campaignKeys.validation(id, list, page, pageSize),
    queryFn: ({ signal }) => campaignsApi.validationPage(id, list, page, pageSize, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useConfirm(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => campaignsApi.confirm(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.all }),
  });
}

// ——— history ———

export function useHistory(page: number, pageSize: number, status: CampaignStatus | null) {
  return useQuery({
    queryKey: campaignKeys.history(page, pageSize, status),
    queryFn: ({ signal }) => campaignsApi.history(page, pageSize, status, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => {
      const intervals = (q.state.data?.items ?? []).map(refreshEvery).filter((ms): ms is number => ms !== false);
      return intervals.length ? Math.min(...intervals) : false;
    },
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: ({ signal }) => campaignsApi.one(id, signal),
    refetchInterval: (q) => refreshEvery(q.state.data),
  });
}

export function useRecipients(id: string, page: number, pageSize: number, status: RecipientStatus | null) {
  return useQuery({
    queryKey: campaignKeys.recipients(id, page, pageSize, status),
    queryFn: ({ signal }) => campaignsApi.recipients(id, page, pageSize, status, signal),
    placeholderData: keepPreviousData,
  });
}

export function useControlCampaign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'cancel' | 'pause' | 'resume') => campaignsApi.control(id, action),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.all }),
  });
}

export function useRetarget(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => campaignsApi.retarget(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.all }),
  });
}
