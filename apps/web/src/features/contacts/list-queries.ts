import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listApi, listKeys, type ListParams } from './list-api';

export function useContactPage(params: ListParams, cursor: string | null) {
  return useQuery({
    queryKey: listKeys.page(params, cursor),
    queryFn: ({ signal }) => listApi.page(params, cursor, signal),
    // The table keeps the last page while the next one loads, instead of flashing empty.
    placeholderData: keepPreviousData,
  });
}

/** How many contacts the list holds: its own request, so a page never waits for the count of a million. */
export function useContactCount(params: Pick<ListParams, 'q' | 'filter' | 'segment'>) {
  return useQuery({
    queryKey: listKeys.count(params),
    queryFn: ({ signal }) => listApi.count(params, signal),
    select: (data) => data.total,
  });
}

export function useAttributeDefinitions() {
  return useQuery({
    queryKey: listKeys.attributes,
    queryFn: ({ signal }) => listApi.attributes(signal),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function useSegments() {
  return useQuery({ queryKey: listKeys.segments, queryFn: ({ signal }) => listApi.segments(signal), select: (data) => data.items });
}

export function useSegment(id: string | null) {
  return useQuery({
    queryKey: listKeys.segment(id ?? ''),
    queryFn: ({ signal }) => listApi.segment(id!, signal),
    enabled: Boolean(id),
  });
}

/** Live: counted again whenever the segments page is shown or every half minute while it stays open. */
export function useSegmentCount(id: string) {
  return useQuery({
    queryKey: listKeys.segmentCount(id),
    queryFn: ({ signal }) => listApi.segmentCount(id, signal),
    select: (data) => data.count,
    refetchInterval: 30_000,
  });
}

export function useCreateSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: listApi.createSegment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listKeys.segments }),
  });
}

export function useDeleteSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: listApi.deleteSegment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listKeys.segments }),
  });
}
