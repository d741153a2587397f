/** Per-item results of one ingest request, counted as they are recorded. */
import type { IngestResult, ItemResult } from '@tracehub/core';

/** Creates an empty result list. */
export function createBatchResults() {
  const items: ItemResult[] = [];
  return {
    accepted(index: number, kind: ItemResult['kind'], id: string) {
      items.push({ index, kind, id, status: 'accepted' });
    },
    duplicate(index: number, kind: ItemResult['kind'], id: string) {
      items.push({ index, kind, id, status: 'duplicate' });
    },
    rejected(index: number, kind: ItemResult['kind'], id: string, reason: string) {
      items.push({ index, kind, id, status: 'rejected', reason });
    },
    /** The answer body; items in request order. */
    result(traceId?: string): IngestResult {
      items.sort((a, b) => (a.kind === b.kind ? a.index - b.index : a.kind === 'trace' ? -1 : b.kind === 'trace' ? 1 : 0));
      const count = (status: ItemResult['status']) => items.filter((i) => i.status === status).length;
      return {
        accepted: count('accepted'),
        duplicates: count('duplicate'),
        rejected: count('rejected'),
        ...(traceId ? { trace_id: traceId } : {}),
        items,
      };
    },
  };
}
