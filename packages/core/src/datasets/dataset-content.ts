/**
 * What a dataset version's sha256 is computed over, shared by the server (stored versions) and the
 * runner (local `datasets/<name>/` folders), so the same items give the same hash in both places.
 */
import { canonicalJson } from './canonical-json.js';

/** The content of one item that versions are hashed over (everything but bookkeeping). */
export interface DatasetItemContent {
  id: string;
  input: unknown;
  expected_output: unknown;
  metadata: Record<string, unknown>;
  source_trace_id: string | null;
  source_span_id: string | null;
  status: 'active' | 'archived';
}

/** The text a version's sha256 covers: the items' canonical JSON, sorted by id. */
export function datasetVersionText(items: DatasetItemContent[]): string {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return canonicalJson(sorted);
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
const CASE_FIELDS = new Set(['id', 'description', 'inputs', 'source_trace_id', 'source_span_id', 'metadata']);

/** One case of the local layout (`test_cases.json` entry, already checked: `id` text, `inputs` an object). */
export interface LocalTestCase {
  id: string;
  inputs: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * A local case and its `expected.json` entry as a dataset item: inputs → input, the entry →
 * expected_output, description and unknown fields → metadata. `dataset upload` sends exactly this.
 */
export function localCaseItem(c: LocalTestCase, expected: unknown) {
  const extra = Object.fromEntries(Object.entries(c).filter(([key]) => !CASE_FIELDS.has(key)));
  const metadata = { ...(isRecord(c.metadata) ? c.metadata : {}), ...(typeof c.description === 'string' ? { description: c.description } : {}), ...extra };
  return {
    id: c.id,
    input: c.inputs as unknown,
    expected_output: expected ?? null,
    metadata,
    ...(typeof c.source_trace_id === 'string' ? { source_trace_id: c.source_trace_id } : {}),
    ...(typeof c.source_span_id === 'string' ? { source_span_id: c.source_span_id } : {}),
  };
}

/** The hashed content of an item as `localCaseItem` makes it, once stored (active, missing source ids null). */
export function localItemContent(item: ReturnType<typeof localCaseItem>): DatasetItemContent {
  return { source_trace_id: null, source_span_id: null, ...item, status: 'active' };
}
