import type { Me, UpdateUserRequest, User } from '@parley/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { fetchMe, identityApi, identityKeys } from './api';

export function useMeQuery() {
  return useQuery({
    queryKey: identityKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
  });
}

/** Forgets the signed-in user; the auth guard then sends the person to the login page. */
export function endSession(queryClient: QueryClient): void {
  queryClient.setQueryData<Me | null>(identityKeys.me, null);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: identityApi.login,
    onSuccess: (me) => {
      // Drop anything cached for a previous user before showing this one's data.
      queryClient.clear();
      queryClient.setQueryData<Me | null>(identityKeys.me, me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: identityApi.logout,
    // Even if the call fails (server gone), the person asked to leave: forget the session locally.
    onSettled: () => endSession(queryClient),
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: identityApi.updateMe,
    // Writing the answer into the cache re-renders every date at once (header clock included).
    onSuccess: (me) => queryClient.setQueryData<Me | null>(identityKeys.me, me),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: identityApi.changePassword });
}

export function useUsersQuery() {
  return useQuery({
    queryKey: identityKeys.users,
    queryFn: ({ signal }) => identityApi.listUsers(signal),
    select: (data) => data.items,
  });
}

function replaceUser(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData<{ items: User[] }>(identityKeys.users, (current) =>
    current ? { items: current.items.map((u) => (u.id === user.id ? user : u)) } : current,
  );
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: identityApi.createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.users }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserRequest }) => identityApi.updateUser(id, body),
    onSuccess: (user) => {
      replaceUser(queryClient, user);
      void queryClient.invalidateQueries({ queryKey: identityKeys.users });
      // An admin editing their own row changes their own profile too.
      void queryClient.invalidateQueries({ queryKey: identityKeys.me });
    },
  });
}

export function useApiTokensQuery(enabled = true) {
  return useQuery({
    queryKey: identityKeys.apiTokens,
    queryFn: ({ signal }) => identityApi.listApiTokens(signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: identityApi.createApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.apiTokens }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: identityApi.revokeApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.apiTokens }),
  });
}

export function useAuditLogQuery() {
  return useInfiniteQuery({
    queryKey: identityKeys.auditLog,
    queryFn: ({ pageParam, signal }) => identityApi.auditLog(pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}
