/**
 * Datasets: items change only by making a new immutable version, whose sha256 covers its whole
 * content (items sorted by id, canonical JSON). A write that changes nothing makes no version.
 */
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  datasetVersionText,
  microsToIso,
  type CreateDatasetBody,
  type DatasetDetail,
  type DatasetItemView,
  type DatasetItemInput,
  type DatasetListResponse,
  type DatasetVersionList,
  type ItemFromTraceBody,
  type ItemFromTraceResult,
  type UploadItemsBody,
  type UploadResult,
} from '@tracehub/core';
import { InvalidError, NotFoundError } from '../domain-errors.js';
import type { DatasetItemRow, DatasetRow, DatasetWriteTx } from '../storage/dataset-store.js';
import type { DatasetStore } from '../storage/dataset-store.js';
import type { TraceStore } from '../storage/store.js';
import { datasetView, itemContent, itemView, versionView } from './dataset-views.js';
import { tooDeep } from './nesting-guard.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The sha256 of a version's content: its items' canonical content, sorted by id (as the runner hashes local datasets). */
export function datasetContentHash(items: DatasetItemRow[]): string {
  return sha256(datasetVersionText(items.map(itemContent)));
}

/** The id an item without one gets: derived from its input, so re-sending it is not a new item. */
export function derivedItemId(input: unknown): string {
  return `item-${sha256(canonicalJson(input)).slice(0, 16)}`;
}

/** JSON text of a trace's input/output text: parsed when it is JSON, else the string itself. */
function textValue(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface Change {
  close: string[];
  rows: DatasetItemRow[];
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  message: string | null;
}

/** Creates the dataset service over the dataset store (and the trace store, for items from traces). */
export function createDatasetService(store: DatasetStore, traces: TraceStore, now: () => number) {
  function newDataset(projectId: string, name: string, at: number): DatasetRow {
    return { project_id: projectId, name, description: null, metadata: '{}', latest_version: 0, created_at: at, updated_at: at };
  }

  function toRow(projectId: string, name: string, item: DatasetItemInput & { id: string }, at: number): DatasetItemRow {
    const row: DatasetItemRow = {
      project_id: projectId,
      dataset_name: name,
      item_id: item.id,
      valid_from: 0,
      valid_to: null,
      input: JSON.stringify(item.input),
      expected_output: item.expected_output === undefined || item.expected_output === null ? null : JSON.stringify(item.expected_output),
      metadata: JSON.stringify(item.metadata),
      source_trace_id: item.source_trace_id ?? null,
      source_span_id: item.source_span_id ?? null,
      status: item.status,
      content_hash: '',
      created_at: at,
    };
    row.content_hash = sha256(canonicalJson(itemContent(row)));
    return row;
  }

  /** Writes the change as version latest+1 (or nothing when it changes nothing). */
  async function commit(tx: DatasetWriteTx, dataset: DatasetRow, current: DatasetItemRow[], change: Change, at: number) {
    if (change.added + change.updated + change.removed === 0) return null;
    const version = dataset.latest_version + 1;
    const rows = change.rows.map((r) => ({ ...r, valid_from: version }));
    const closed = new Set(change.close);
    const items = [...current.filter((r) => !closed.has(r.item_id)), ...rows];
    const versionRow = {
      project_id: dataset.project_id,
      name: dataset.name,
      version,
      sha256: datasetContentHash(items),
      item_count: items.length,
      added: change.added,
      updated: change.updated,
      removed: change.removed,
      message: change.message,
      created_at: at,
    };
    await tx.closeItems(dataset.project_id, dataset.name, change.close, version);
    await tx.addItems(rows);
    await tx.addVersion(versionRow);
    await tx.putDataset({ ...dataset, latest_version: version, updated_at: at });
    return versionRow;
  }

  async function upload(projectId: string, name: string, body: UploadItemsBody): Promise<UploadResult> {
    const at = now();
    const seen = new Map<string, number>();
    const items = body.items.map((item, index) => {
      const id = item.id ?? derivedItemId(item.input);
      const first = seen.get(id);
      if (first !== undefined) {
        const message = `items[${index}].id "${id}" appears twice (first at items[${first}]); give each item its own id.`;
        throw new InvalidError(message, { issues: [{ path: `items[${index}].id`, message }] });
      }
      seen.set(id, index);
      return tooDeep(`items[${index}]`, () => toRow(projectId, name, { ...item, id }, at));
    });
    const outcome = await store.write(projectId, name, async (tx) => {
      const existing = await tx.getDataset(projectId, name);
      let dataset = existing ?? newDataset(projectId, name, at);
      if (body.description !== undefined && body.description !== dataset.description) {
        dataset = { ...dataset, description: body.description, updated_at: at };
      }
      const current = await tx.currentItems(projectId, name);
      const byId = new Map(current.map((r) => [r.item_id, r]));
      const change: Change = { close: [], rows: [], added: 0, updated: 0, removed: 0, unchanged: 0, message: body.message ?? null };
      for (const row of items) {
        const previous = byId.get(row.item_id);
        if (!previous) change.added++;
        else if (previous.content_hash !== row.content_hash) change.updated++;
        else {
          change.unchanged++;
          continue;
        }
        if (previous) change.close.push(row.item_id);
        change.rows.push(row);
      }
      if (body.mode === 'replace') {
        for (const r of current) {
          if (seen.has(r.item_id)) continue;
          change.removed++;
          change.close.push(r.item_id);
        }
      }
      const version = await commit(tx, dataset, current, change, at);
      if (!version && (!existing || dataset !== existing)) await tx.putDataset(dataset);
      return { change, version, dataset: version ? { ...dataset, latest_version: version.version, updated_at: at } : dataset };
    });
    const { change, version, dataset } = outcome;
    return {
      created: version !== null,
      message: version
        ? `Created version ${version.version} of dataset "${name}" (${change.added} added, ${change.updated} updated, ${change.removed} removed).`
        : `Nothing changed in dataset "${name}"; no new version was created${dataset.latest_version ? ` (still version ${dataset.latest_version})` : ''}.`,
      dataset: datasetView(dataset),
      version: version ? versionView(version) : dataset.latest_version ? versionView((await store.getVersion(projectId, name, dataset.latest_version))!) : null,
      added: change.added,
      updated: change.updated,
      removed: change.removed,
      unchanged: change.unchanged,
    };
  }

  async function requireDataset(projectId: string, name: string): Promise<DatasetRow> {
    const dataset = await store.getDataset(projectId, name);
    if (!dataset) throw new NotFoundError(`Dataset "${name}" was not found in this project.`);
    return dataset;
  }

  return {
    upload,

    /** Creates a dataset, or updates its description and metadata; `created` says which. */
    async upsert(projectId: string, body: CreateDatasetBody) {
      const at = now();
      return store.write(projectId, body.name, async (tx) => {
        const existing = await tx.getDataset(projectId, body.name);
        const row: DatasetRow = {
          ...(existing ?? newDataset(projectId, body.name, at)),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.metadata !== undefined ? { metadata: JSON.stringify(body.metadata) } : {}),
          updated_at: at,
        };
        await tx.putDataset(row);
        return { created: !existing, dataset: datasetView(row) };
      });
    },

    async list(projectId: string): Promise<DatasetListResponse> {
      const rows = await store.listDatasets(projectId);
      const versions = await Promise.all(rows.map((r) => (r.latest_version ? store.getVersion(projectId, r.name, r.latest_version) : null)));
      return {
        items: rows.map((r, i) => ({ ...datasetView(r), item_count: versions[i]?.item_count ?? 0, sha256: versions[i]?.sha256 ?? null })),
      };
    },

    /** The dataset at `version` (default the latest) with its items. */
    async get(projectId: string, name: string, version?: number): Promise<DatasetDetail> {
      const dataset = await requireDataset(projectId, name);
      const wanted = version ?? dataset.latest_version;
      if (wanted === 0) return { dataset: datasetView(dataset), version: null, items: [] };
      const row = await store.getVersion(projectId, name, wanted);
      if (!row) throw new NotFoundError(`Dataset "${name}" has no version ${wanted} (the latest is ${dataset.latest_version}).`);
      const items = await store.itemsAt(projectId, name, wanted);
      return { dataset: datasetView(dataset), version: versionView(row), items: items.map(itemView) };
    },

    async versions(projectId: string, name: string): Promise<DatasetVersionList> {
      await requireDataset(projectId, name);
      return { name, items: (await store.listVersions(projectId, name)).map(versionView) };
    },

    /** Adds (or updates) one item from a trace's input and output, or a span's. */
    async addFromTrace(projectId: string, name: string, body: ItemFromTraceBody): Promise<ItemFromTraceResult> {
      const trace = await traces.getTrace(projectId, body.trace_id);
      if (!trace) throw new NotFoundError(`Trace "${body.trace_id}" was not found in this project.`);
      let input: unknown = textValue(trace.input_text);
      let output: unknown = textValue(trace.output_text);
      let spanName: string | null = null;
      if (body.span_id) {
        const span = (await traces.getTraceSpans(projectId, body.trace_id)).find((s) => s.span_id === body.span_id);
        if (!span) throw new NotFoundError(`Span "${body.span_id}" was not found in trace "${body.trace_id}".`);
        input = span.input == null ? null : JSON.parse(span.input);
        output = span.output == null ? null : JSON.parse(span.output);
        spanName = span.name;
      }
      if (input === null || input === undefined || input === '') {
        const what = body.span_id ? `Span "${body.span_id}"` : `Trace "${body.trace_id}"`;
        throw new InvalidError(`${what} has no input to copy into a dataset item.`);
      }
      const item: DatasetItemInput = {
        id: body.id ?? (body.span_id ? `${body.trace_id}:${body.span_id}` : body.trace_id),
        input,
        expected_output: body.expected_output !== undefined ? body.expected_output : output,
        metadata: { source: body.span_id ? 'span' : 'trace', trace_name: trace.name, ...(spanName ? { span_name: spanName } : {}), ...body.metadata },
        source_trace_id: body.trace_id,
        source_span_id: body.span_id ?? null,
        status: 'active',
      };
      const message = `From ${body.span_id ? `span ${body.span_id} of ` : ''}trace ${body.trace_id}`;
      const result = await upload(projectId, name, { items: [item], mode: 'merge', message });
      return { ...result, item_id: item.id as string };
    },

    /** The current items, each with the time its current content was written (`updated_at`). */
    async currentItems(projectId: string, name: string): Promise<CurrentItem[]> {
      const dataset = await requireDataset(projectId, name);
      if (dataset.latest_version === 0) return [];
      const rows = await store.itemsAt(projectId, name, dataset.latest_version);
      return rows.map((row) => ({ ...itemView(row), updated_at: microsToIso(row.created_at) }));
    },

    /** The dataset (and its latest version) that holds a current item with this id, and the item; null when none does. */
    async findItem(projectId: string, itemId: string): Promise<{ dataset: string; version: number; item: CurrentItem } | null> {
      const row = await store.findCurrentItem(projectId, itemId);
      const dataset = row && (await store.getDataset(projectId, row.dataset_name));
      if (!row || !dataset) return null;
      return { dataset: dataset.name, version: dataset.latest_version, item: { ...itemView(row), updated_at: microsToIso(row.created_at) } };
    },

    /** Removes one item: a new version without it. */
    async removeItem(projectId: string, name: string, itemId: string) {
      const at = now();
      const version = await store.write(projectId, name, async (tx) => {
        const dataset = await tx.getDataset(projectId, name);
        if (!dataset) throw new NotFoundError(`Dataset "${name}" was not found in this project.`);
        const current = await tx.currentItems(projectId, name);
        if (!current.some((r) => r.item_id === itemId)) throw new NotFoundError(`Dataset "${name}" has no item "${itemId}".`);
        const change: Change = { close: [itemId], rows: [], added: 0, updated: 0, removed: 1, unchanged: 0, message: `Removed item ${itemId}` };
        return commit(tx, dataset, current, change, at);
      });
      return { removed: true, item_id: itemId, version: version ? versionView(version) : null };
    },
  };
}

/** A current item with the time its current content was written. */
export type CurrentItem = DatasetItemView & { updated_at: string };

/** The dataset service. */
export type DatasetService = ReturnType<typeof createDatasetService>;
