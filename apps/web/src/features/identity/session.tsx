import type { Me, Role } from '@parley/contracts';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { formatDate, formatDateTime, formatTime, safeTimeZone, type TimePrefs } from '../../lib/time';

const CurrentUserContext = createContext<Me | null>(null);

export function CurrentUserProvider({ user, children }: { user: Me; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The signed-in user. Only valid below the auth guard, which is the only place that provides it. */
export function useCurrentUser(): Me {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser must be used inside the signed-in part of the app');
  return user;
}

export function hasRole(user: Pick<Me, 'role'>, roles: readonly Role[]): boolean {
  return roles.includes(user.role);
}

export interface UserTime {
  prefs: TimePrefs;
  /** The zone actually used (the profile zone, or UTC if the runtime does not know it). */
  zone: string;
  date: (value: Date | string) => string;
  time: (value: Date | string) => string;
  dateTime: (value: Date | string) => string;
}

/** Date formatters bound to the viewer's profile time zone and date format. */
export function useUserTime(): UserTime {
  const { timezone, dateFormat } = useCurrentUser();
  return useMemo(() => {
    const prefs: TimePrefs = { timezone, dateFormat };
    return {
      prefs,
      zone: safeTimeZone(timezone),
      date: (value) => formatDate(value, prefs),
      time: (value) => formatTime(value, prefs),
      dateTime: (value) => formatDateTime(value, prefs),
    };
  }, [timezone, dateFormat]);
}
