import type { TemplateListQuery } from '@parley/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { templateKeys, templatesApi } from './api';

export function useTemplatesQuery(q: TemplateListQuery) {
  return useQuery({
    queryKey: templateKeys.list(q),
    queryFn: ({ signal }) => templatesApi.list(q, signal),
    select: (data) => data.items,
    // Typing in the search keeps the last list on screen instead of flashing a loader.
    placeholderData: keepPreviousData,
  });
}

export function useSyncTemplates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: templatesApi.sync,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

export function useSubmitTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: templatesApi.submit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}
