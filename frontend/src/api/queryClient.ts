// One TanStack Query client for the app: cached server state, retried only when retrying can
// help (never on 4xx answers, which will not change by asking again).
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}
