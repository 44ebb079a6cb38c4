import type { AttributeDefinition, UpdateAttributeRequest } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { attributeKeys, attributesApi } from './api';

export function useAttributeDefinitions() {
  return useQuery({
    queryKey: attributeKeys.definitions,
    queryFn: ({ signal }) => attributesApi.list(signal),
    select: (data) => data.items,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: attributeKeys.definitions }),
      // The bot's questions capture attributes: its page re-reads what stopped working.
      queryClient.invalidateQueries({ queryKey: ['bot'] }),
    ]);
}

export function useCreateAttribute() {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: attributesApi.create,
    onSuccess: (created) => {
      queryClient.setQueryData<{ items: AttributeDefinition[] }>(attributeKeys.definitions, (current) =>
        current ? { items: [...current.items, created] } : current,
      );
      return refresh();
    },
  });
}

export function useUpdateAttribute() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: UpdateAttributeRequest }) => attributesApi.update(key, body),
    onSuccess: refresh,
  });
}

export function useDeleteAttribute() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: attributesApi.remove, onSuccess: refresh });
}
