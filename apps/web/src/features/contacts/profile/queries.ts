import type { ContactView, UpdateContactRequest } from '@parley/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { contactKeys } from '../api';
import { profileApi, profileKeys, uploadPicture, type SessionParams } from './api';

export function useContactProfile(id: string) {
  return useQuery({ queryKey: profileKeys.profile(id), queryFn: ({ signal }) => profileApi.profile(id, signal) });
}

export function useProfileAttributes(id: string) {
  return useQuery({
    queryKey: profileKeys.attributes(id),
    queryFn: ({ signal }) => profileApi.attributes(id, signal),
    select: (d) => d.items,
  });
}

export function useSetAttribute(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: Record<string, string | number | boolean | null>) => profileApi.setAttributes(id, values),
    onSuccess: (data) => queryClient.setQueryData(profileKeys.attributes(id), data),
  });
}

export function useUpdateContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateContactRequest) => profileApi.update(id, body),
    onSuccess: async (contact: ContactView) => {
      queryClient.setQueryData(contactKeys.detail(id), contact);
      await queryClient.invalidateQueries({ queryKey: profileKeys.profile(id) });
    },
  });
}

export function useSessions(id: string, params: SessionParams) {
  return useInfiniteQuery({
    queryKey: profileKeys.sessions(id, params),
    queryFn: ({ pageParam, signal }) => profileApi.sessions(id, params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useContactConversations(id: string) {
  return useInfiniteQuery({
    queryKey: profileKeys.conversations(id),
    queryFn: ({ pageParam, signal }) => profileApi.conversations(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useContactCampaigns(id: string) {
  return useQuery({
    queryKey: profileKeys.campaigns(id),
    queryFn: ({ signal }) => profileApi.campaigns(id, signal),
    select: (d) => d.items,
  });
}

export function useNotes(id: string) {
  return useInfiniteQuery({
    queryKey: profileKeys.notes(id),
    queryFn: ({ pageParam, signal }) => profileApi.notes(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useNoteMutations(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: profileKeys.notes(id) });
  return {
    add: useMutation({ mutationFn: (text: string) => profileApi.addNote(id, text), onSuccess: refresh }),
    edit: useMutation({
      mutationFn: (v: { noteId: string; text: string }) => profileApi.editNote(id, v.noteId, v.text),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (noteId: string) => profileApi.deleteNote(id, noteId), onSuccess: refresh }),
  };
}

export function usePicture(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: profileKeys.profile(id) });
  return {
    upload: useMutation({ mutationFn: (file: File) => uploadPicture(id, file), onSuccess: refresh }),
    remove: useMutation({ mutationFn: () => profileApi.removePicture(id), onSuccess: refresh }),
  };
}

/** Tags change through a one-contact bulk action: atomic on the server, audited, never a lost update. */
export function useTagChange(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { tag: string; add: boolean }) =>
      profileApi.startBulk({ operation: { type: v.add ? 'add_tag' : 'remove_tag', tag: v.tag }, contactIds: [id] }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.detail(id) }),
  });
}
