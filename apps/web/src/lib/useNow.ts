import { useInterval } from '@mantine/hooks';
import { useState } from 'react';

/** The current time, refreshed every `everyMs`, so screens that compare against "now" (windows, pauses) flip on their own. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), everyMs, { autoInvoke: true });
  return now;
}
