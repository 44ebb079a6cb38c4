import { Text } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useState } from 'react';
import { zoneOffsetName } from '../../lib/time';
import { useUserTime } from '../identity/session';

const TICK_MS = 30_000;

/** The current time in the viewer's profile zone, so people always know which clock dates on screen follow. */
export function HeaderClock() {
  const userTime = useUserTime();
  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), TICK_MS, { autoInvoke: true });

  return (
    <Text
      size="sm"
      c="dimmed"
      data-testid="header-clock"
      style={{ whiteSpace: 'nowrap' }}
      title={`${userTime.dateTime(now)} ${zoneOffsetName(now, userTime.zone)}`}
    >
      Now: {userTime.time(now)} ({userTime.zone})
    </Text>
  );
}
