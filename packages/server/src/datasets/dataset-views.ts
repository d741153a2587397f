/** Dataset rows → API views, and the canonical content an item and a version hash over. */
import { microsToIso, type DatasetItemView, type DatasetVersionView, type DatasetView } from '@tracehub/core';
import type { DatasetItemRow, DatasetRow, DatasetVersionRow } from '../storage/dataset-store.js';

const parse = (text: string | null): unknown => (text == null ? null : JSON.parse(text));

/** The content of an item that versions are hashed over (everything but bookkeeping). */
export function itemContent(row: DatasetItemRow) {
  return {
    id: row.item_id,
    input: parse(row.input),
    expected_output: parse(row.expected_output),
    metadata: parse(row.metadata) as Record<string, unknown>,
    source_trace_id: row.source_trace_id,
    source_span_id: row.source_span_id,
    status: row.status,
  };
}

/** An item as the API shows it. */
export function itemView(row: DatasetItemRow): DatasetItemView {
  return { ...itemContent(row), version: row.valid_from };
}

/** A dataset as the API shows it. */
export function datasetView(row: DatasetRow): DatasetView {
  return {
    name: row.name,
    description: row.description,
    metadata: parse(row.metadata) as Record<string, unknown>,
    latest_version: row.latest_version,
    created_at: microsToIso(row.created_at),
    updated_at: microsToIso(row.updated_at),
  };
}

/** A version as the API shows it. */
export function versionView(row: DatasetVersionRow): DatasetVersionView {
  return {
    version: row.version,
    sha256: row.sha256,
    item_count: row.item_count,
    added: row.added,
    updated: row.updated,
    removed: row.removed,
    message: row.message,
    created_at: microsToIso(row.created_at),
  };
}
