import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { endSession } from '../features/identity/queries';
import { isApiError } from '../lib/api';

/** A 401 on any call (other than a wrong password) means the session is gone: go back to the login page. */
function isSessionLost(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && error.code !== 'invalid_credentials';
}

/** Client errors will not fix themselves by retrying; network hiccups and 5xx might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isSessionLost(error)) endSession(queryClient);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isSessionLost(error)) endSession(queryClient);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000 },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
