/** The TanStack Query client: no retries for 4xx answers, one retry for network errors and 5xx. */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../shared/api/http-client';

/** Creates the app's query client. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      },
    },
  });
}
