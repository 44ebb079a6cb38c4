import type { CannedReply } from '@parley/contracts';
import { fillCannedReply } from '@parley/contracts';
import { useState, type KeyboardEvent, type RefObject } from 'react';
import { matchCanned, shortcutAt } from './canned';

interface Completion {
  /** The suggestions to show (null: not completing). */
  suggestions: CannedReply[] | null;
  active: number;
  setActive: (index: number) => void;
  pick: (reply: CannedReply) => void;
  /** Call first from the textarea's onKeyDown; true when the key was the completion's (do nothing else then). */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** Call from onChange / onSelect with the textarea, so the completion follows the caret. */
  track: (element: HTMLTextAreaElement) => void;
}

/**
 * Typing `/` (at the start or after a space) offers the canned replies whose shortcut starts with what follows;
 * picking one replaces the `/shortcut` with its text, placeholders filled from the contact and the agent.
 */
export function useCannedCompletion(
  text: string,
  setText: (value: string) => void,
  textarea: RefObject<HTMLTextAreaElement | null>,
  replies: readonly CannedReply[],
  values: Record<string, string | null>,
): Completion {
  const [token, setToken] = useState<{ start: number; query: string; end: number } | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const suggestions = token && dismissed !== token.start ? matchCanned(replies, token.query) : null;

  const track = (element: HTMLTextAreaElement) => {
    const caret = element.selectionStart ?? element.value.length;
    const found = shortcutAt(element.value, caret);
    setToken(found ? { ...found, end: caret } : null);
    if (!found || found.start !== token?.start) setDismissed(null);
    setActive(0);
  };

  const pick = (reply: CannedReply) => {
    if (!token) return;
    const filled = fillCannedReply(reply.text, values);
    const next = text.slice(0, token.start) + filled + text.slice(token.end);
    setText(next);
    setToken(null);
    const caret = token.start + filled.length;
    // After React has written the new value: put the caret after the inserted text.
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!suggestions || !token) return false;
    if (event.key === 'Escape') {
      setDismissed(token.start);
      event.preventDefault();
      return true;
    }
    if (suggestions.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + suggestions.length) % suggestions.length);
      event.preventDefault();
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      pick(suggestions[Math.min(active, suggestions.length - 1)]!);
      event.preventDefault();
      return true;
    }
    return false;
  };

  return { suggestions, active, setActive, pick, onKeyDown, track };
}
