import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useRealtimeEvent } from '../../lib/RealtimeProvider';
import { adminKeys } from './api';

/** Events arriving within this long cause one refetch, not one each (a busy workspace sends many a second). */
const COALESCE_MS = 750;

/**
 * Keeps the admin lists live: any new message (a customer's reply moves a template out of "templates sent", a last
 * customer text changes), status (sent / delivered / read) or conversation change refetches the lists and counts
 * on screen (invalidation refetches only what someone is looking at). Renders nothing.
 */
export function AdminLiveUpdates() {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const refresh = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: adminKeys.all });
    }, COALESCE_MS);
  };
  useRealtimeEvent('message.created', refresh);
  useRealtimeEvent('message.status', refresh);
  useRealtimeEvent('conversation.updated', refresh);
  return null;
}
