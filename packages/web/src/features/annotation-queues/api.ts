/** Annotation queues (`/annotation-queues`): queues, their items, the reviewer's next item and scores. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../shared/api/http-client';

/** A score a reviewer gives. */
export type ScoreDefinitionView =
  | { name: string; type: 'numeric'; min: number; max: number; description?: string }
  | { name: string; type: 'categorical'; labels: string[]; description?: string }
  | { name: string; type: 'boolean'; description?: string }
  | { name: string; type: 'text'; description?: string };

export interface ReviewerProgress {
  reviewer: string;
  done: number;
  skipped: number;
}

/** A queue as `GET /annotation-queues` answers it. */
export interface AnnotationQueueView {
  id: string;
  name: string;
  description: string | null;
  score_definitions: ScoreDefinitionView[];
  reviews_per_item: number;
  created_by: string;
  created_at: string;
  items: number;
  completed: number;
  reviewers: ReviewerProgress[];
}

export interface QueueItemView {
  id: string;
  trace_id: string;
  span_id: string | null;
  source: string;
  source_ref: string | null;
  reviews_done: number;
  status: 'pending' | 'completed';
  locked_by: string | null;
  created_at: string;
}

/** An existing score shown to the reviewer. */
export interface ItemScoreView {
  eval_id: string;
  eval_name: string;
  eval_model: string | null;
  score: number | null;
  passed: boolean | null;
  label: string | null;
  comment: unknown;
  source: string;
}

interface PayloadSpan {
  span_id: string;
  name: string;
  span_type?: string | null;
  input: unknown;
  output: unknown;
}

/** `GET /annotation-queues/{id}/next`. */
export interface NextItemView {
  item: QueueItemView | null;
  progress: { items: number; completed: number; reviewer: ReviewerProgress };
  trace?: { trace_id: string; name: string | null; input_text: string | null; output_text: string | null } | null;
  span?: PayloadSpan | null;
  context?: PayloadSpan[];
  scores?: ItemScoreView[];
  judge_scores?: ItemScoreView[];
}

/** What `POST /annotation-queues/{id}/items` takes. */
export type AddItemsBody =
  | { trace_ids: string[]; source?: string; source_ref?: string }
  | { filter: Record<string, string | number>; limit?: number };

const base = '/annotation-queues';
const queueUrl = (id: string) => `${base}/${encodeURIComponent(id)}`;

export function useAnnotationQueues() {
  return useQuery({ queryKey: ['annotation-queues'], queryFn: ({ signal }) => apiFetch<{ queues: AnnotationQueueView[] }>(base, { signal }) });
}

export function useAnnotationQueue(id: string) {
  return useQuery({
    queryKey: ['annotation-queues', id],
    queryFn: ({ signal }) => apiFetch<AnnotationQueueView & { item_list: QueueItemView[] }>(queueUrl(id), { signal }),
  });
}

export function useCreateQueue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description?: string; score_definitions: ScoreDefinitionView[]; reviews_per_item: number }) =>
      apiFetch<AnnotationQueueView>(base, { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['annotation-queues'] }),
  });
}

export function useAddQueueItems() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ queueId, body }: { queueId: string; body: AddItemsBody }) =>
      apiFetch<{ added: number; already_queued: number; requested: number }>(`${queueUrl(queueId)}/items`, { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['annotation-queues'] }),
  });
}

/** Locks and loads the reviewer's next item (a fetch on demand: it takes a lock). */
export function fetchNextItem(queueId: string): Promise<NextItemView> {
  return apiFetch<NextItemView>(`${queueUrl(queueId)}/next`);
}

export function useScoreItem(queueId: string) {
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: string; body: { scores: Record<string, number | boolean | string>; comment?: string; user_review_passed?: boolean } }) =>
      apiFetch<{ scores: number }>(`${queueUrl(queueId)}/items/${encodeURIComponent(itemId)}/scores`, { method: 'POST', body }),
  });
}

export function useSkipItem(queueId: string) {
  return useMutation({
    mutationFn: (itemId: string) => apiFetch<{ skipped: boolean }>(`${queueUrl(queueId)}/items/${encodeURIComponent(itemId)}/skip`, { method: 'POST' }),
  });
}

export function useItemToDataset(queueId: string) {
  return useMutation({
    mutationFn: ({ itemId, dataset, expected_output }: { itemId: string; dataset: string; expected_output: unknown }) =>
      apiFetch<{ item_id: string }>(`${queueUrl(queueId)}/items/${encodeURIComponent(itemId)}/dataset-item`, { method: 'POST', body: { dataset, expected_output } }),
  });
}
