import type { AgentAvailability } from '@parley/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deskApi, deskKeys } from './desk-api';

export function useAgents(enabled = true) {
  return useQuery({ queryKey: deskKeys.agents, queryFn: ({ signal }) => deskApi.agents(signal), select: (d) => d.items, enabled });
}

export function useMyAvailability() {
  return useQuery({ queryKey: deskKeys.myAvailability, queryFn: ({ signal }) => deskApi.myAvailability(signal) });
}

/** Coming online may assign waiting conversations at once: those arrive as `conversation.updated` events. */
export function useSetMyAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (availability: AgentAvailability) => deskApi.setMyAvailability(availability),
    onSuccess: (mine) => {
      queryClient.setQueryData(deskKeys.myAvailability, mine);
      return queryClient.invalidateQueries({ queryKey: deskKeys.agents });
    },
  });
}

export function useSkillsetReadiness(enabled = true) {
  return useQuery({ queryKey: deskKeys.readiness, queryFn: ({ signal }) => deskApi.readiness(signal), select: (d) => d.items, enabled });
}
