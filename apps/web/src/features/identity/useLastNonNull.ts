import { useState } from 'react';

/**
 * The latest non-null value seen. Modals keyed on "the item being acted on" close by receiving null; keeping the
 * last item lets their content stay put during the closing animation instead of flashing a fallback.
 */
export function useLastNonNull<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}
