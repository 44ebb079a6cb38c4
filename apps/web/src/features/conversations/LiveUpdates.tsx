import { useQueryClient } from '@tanstack/react-query';
import { useRealtimeEvent } from '../../lib/RealtimeProvider';
import { contactKeys } from '../contacts/api';
import { agentDeskKeys } from '../desk/api';
import { conversationKeys } from './api';

/**
 * Keeps the inbox live: new messages, status changes and state changes arrive as workspace events and refresh
 * what is on screen (invalidation refetches only queries someone is looking at). Renders nothing.
 */
export function ConversationsLiveUpdates() {
  const queryClient = useQueryClient();
  const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey });

  useRealtimeEvent('message.created', ({ conversationId, contactId }) => {
    invalidate(conversationKeys.lists);
    invalidate(conversationKeys.detail(conversationId));
    invalidate(contactKeys.detail(contactId));
  });

  // Internal notes: staff only, so the event carries ids and each desk reads the note through the API.
  useRealtimeEvent('note.created', ({ conversationId }) => invalidate(agentDeskKeys.notes(conversationId)));

  useRealtimeEvent('message.status', ({ conversationId }) => {
    invalidate(conversationKeys.detail(conversationId));
  });

  useRealtimeEvent('conversation.updated', ({ conversationId }) => {
    invalidate(conversationKeys.lists);
    invalidate(conversationKeys.detail(conversationId));
    // The event does not name the contact; a state change can touch its profile (live-chat takeover, sessions).
    invalidate(contactKeys.all);
  });

  return null;
}
