/** The trace list's state in the URL: every API filter, search, sort and page as search params. */

/** The filters of `GET /traces` that the list offers (all optional strings, as in the URL). */
export const FILTER_KEYS = [
  'search',
  'status',
  'model',
  'environment',
  'user_id',
  'session_id',
  'name',
  'tag',
  'decision',
  'has_open_spans',
  'from',
  'to',
  'score_name',
  'score_min',
  'score_max',
  'latency_min',
  'latency_max',
  'cost_min',
  'cost_max',
  'tokens_min',
  'tokens_max',
  'metadata_key',
  'metadata_value',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Fields the API sorts by. */
export const SORT_FIELDS = ['start_time', 'latency_ms', 'total_tokens', 'cost', 'name', 'span_count'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** Page sizes offered. */
export const PAGE_SIZES = [20, 50, 100] as const;

/** Everything the list asks the API for. */
export interface TraceListParams {
  filters: Partial<Record<FilterKey, string>>;
  sort: { field: SortField; direction: 'asc' | 'desc' };
  page: number;
  pageSize: number;
}

/** Reads the list state from URL search params (unknown values fall back to defaults). */
export function readListParams(params: URLSearchParams): TraceListParams {
  const filters: TraceListParams['filters'] = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const [field, direction] = (params.get('sort') ?? 'start_time:desc').split(':');
  const sort = {
    field: ((SORT_FIELDS as readonly string[]).includes(field) ? field : 'start_time') as SortField,
    direction: direction === 'asc' ? ('asc' as const) : ('desc' as const),
  };
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('page_size'));
  const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : 20;
  return { filters, sort, page, pageSize };
}

/** The API query string for the list state. */
export function toApiQuery(p: TraceListParams): Record<string, string | number> {
  return { ...p.filters, sort: `${p.sort.field}:${p.sort.direction}`, page: p.page, page_size: p.pageSize };
}

/** New URL params with `changes` applied; any change but the page goes back to page 1. */
export function withChanges(params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  if (!('page' in changes)) next.delete('page');
  return next;
}
