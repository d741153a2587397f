/** The loading → error → empty → content ladder of a TanStack query, written once for every list. */
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState } from './ErrorState';
import { Loading } from './Loading';

/** What a query view needs: the query, what to show when its data is empty, and how to show the data. */
export interface QueryViewProps<T> {
  query: UseQueryResult<T>;
  /** Render of the loaded data (not called while pending, on error, or when `isEmpty` says so). */
  children: (data: T) => ReactNode;
  /** Whether the loaded data counts as empty (default: never). */
  isEmpty?: (data: T) => boolean;
  /** Shown instead of `children` when `isEmpty` is true (usually an `EmptyState`). */
  empty?: ReactNode;
  /** Offer a retry button on error (default true). */
  retry?: boolean;
  /** Shown while the first answer is pending (default `<Loading />`). */
  loading?: ReactNode;
}

/** Loading, then the error (with a retry), then the empty state, then `children(data)`. */
export function QueryView<T>({ query, children, isEmpty, empty, retry = true, loading }: QueryViewProps<T>) {
  if (query.isPending) return <>{loading === undefined ? <Loading /> : loading}</>;
  if (query.isError) return <ErrorState error={query.error} onRetry={retry ? () => void query.refetch() : undefined} />;
  const data = query.data as T;
  if (isEmpty?.(data)) return <>{empty ?? null}</>;
  return <>{children(data)}</>;
}

/** `isEmpty` for the common `{ items: [...] }` list answer. */
export const noItems = (data: { items: readonly unknown[] }): boolean => data.items.length === 0;
