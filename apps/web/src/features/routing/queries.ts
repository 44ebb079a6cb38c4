import type { Skillset, UpdateSkillsetRequest } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routingKeys, skillsetsApi } from './api';

export function useSkillsetsQuery() {
  return useQuery({
    queryKey: routingKeys.skillsets,
    queryFn: ({ signal }) => skillsetsApi.list(signal),
    select: (data) => data.items,
  });
}

/** Saved skillsets show at once (a new one in the bot's menu picker too), before the refetch lands. */
function useRememberSkillset() {
  const queryClient = useQueryClient();
  return (saved: Skillset) => {
    queryClient.setQueryData<{ items: Skillset[] }>(routingKeys.skillsets, (current) => {
      if (!current) return current;
      const known = current.items.some((s) => s.id === saved.id);
      return { items: known ? current.items.map((s) => (s.id === saved.id ? saved : s)) : [...current.items, saved] };
    });
    return queryClient.invalidateQueries({ queryKey: routingKeys.skillsets });
  };
}

export function useCreateSkillset() {
  const remember = useRememberSkillset();
  return useMutation({ mutationFn: skillsetsApi.create, onSuccess: remember });
}

export function useUpdateSkillset() {
  const remember = useRememberSkillset();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateSkillsetRequest }) => skillsetsApi.update(id, body),
    onSuccess: remember,
  });
}

export function useSetSkillsetMembers() {
  const remember = useRememberSkillset();
  return useMutation({
    mutationFn: ({ id, userIds }: { id: string; userIds: string[] }) => skillsetsApi.setMembers(id, userIds),
    onSuccess: remember,
  });
}

export function useDeleteSkillset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: skillsetsApi.remove,
    onSuccess: (_data, id) => {
      queryClient.setQueryData<{ items: Skillset[] }>(routingKeys.skillsets, (current) =>
        current ? { items: current.items.filter((s) => s.id !== id) } : current,
      );
      // The bot's saved personality may now point at a skillset that is gone: its page re-reads its problems.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: routingKeys.skillsets }),
        queryClient.invalidateQueries({ queryKey: ['bot'] }),
      ]);
    },
  });
}
