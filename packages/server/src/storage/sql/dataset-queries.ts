/** Dataset queries shared by the SQL backends. Items are revisions valid over [valid_from, valid_to). */
import type { DatasetItemRow, DatasetRow, DatasetStore, DatasetVersionRow, DatasetWriteTx } from '../dataset-store.js';
import { byCodeUnits, type KeyedWrite } from './prompt-queries.js';
import { textOrNull, type RawRow } from './row-values.js';
import type { Db } from './database.js';

type Raw = RawRow;

/** Rows per INSERT and ids per IN list: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

const str = textOrNull;

function toDatasetRow(r: Raw): DatasetRow {
  return {
    project_id: String(r.project_id),
    name: String(r.name),
    description: str(r.description),
    metadata: String(r.metadata ?? '{}'),
    latest_version: Number(r.latest_version),
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
  };
}

function toVersionRow(r: Raw): DatasetVersionRow {
  return {
    project_id: String(r.project_id),
    name: String(r.name),
    version: Number(r.version),
    sha256: String(r.sha256),
    item_count: Number(r.item_count),
    added: Number(r.added),
    updated: Number(r.updated),
    removed: Number(r.removed),
    message: str(r.message),
    created_at: Number(r.created_at),
  };
}

function toItemRow(r: Raw): DatasetItemRow {
  return {
    project_id: String(r.project_id),
    dataset_name: String(r.dataset_name),
    item_id: String(r.item_id),
    valid_from: Number(r.valid_from),
    valid_to: r.valid_to == null ? null : Number(r.valid_to),
    input: String(r.input),
    expected_output: str(r.expected_output),
    metadata: String(r.metadata ?? '{}'),
    source_trace_id: str(r.source_trace_id),
    source_span_id: str(r.source_span_id),
    status: r.status as DatasetItemRow['status'],
    content_hash: String(r.content_hash),
    created_at: Number(r.created_at),
  };
}

const sortItems = (rows: DatasetItemRow[]) => rows.sort((a, b) => byCodeUnits(a.item_id, b.item_id));

function getDataset(db: Db) {
  return async (projectId: string, name: string) => {
    const r = await db.selectFrom('datasets').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
    return r ? toDatasetRow(r) : null;
  };
}

function writeTx(db: Db): DatasetWriteTx {
  return {
    getDataset: getDataset(db),
    async putDataset(row) {
      const { project_id: _p, name: _n, created_at: _c, ...changes } = row;
      await db
        .insertInto('datasets')
        .values(row)
        .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(changes))
        .execute();
    },
    async currentItems(projectId, name) {
      const rows = await db
        .selectFrom('dataset_items')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('dataset_name', '=', name)
        .where('valid_to', 'is', null)
        .execute();
      return sortItems(rows.map(toItemRow));
    },
    async closeItems(projectId, name, itemIds, version) {
      for (let i = 0; i < itemIds.length; i += CHUNK) {
        await db
          .updateTable('dataset_items')
          .set({ valid_to: version })
          .where('project_id', '=', projectId)
          .where('dataset_name', '=', name)
          .where('valid_to', 'is', null)
          .where('item_id', 'in', itemIds.slice(i, i + CHUNK))
          .execute();
      }
    },
    async addItems(rows) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await db.insertInto('dataset_items').values(rows.slice(i, i + CHUNK)).execute();
      }
    },
    async addVersion(row) {
      await db.insertInto('dataset_versions').values(row).execute();
    },
  };
}

/** Builds the DatasetStore: reads on `db`, writes through `write` (the backend's keyed transaction). */
export function createDatasetQueries(db: Db, write: KeyedWrite): DatasetStore {
  return {
    write: (projectId, name, work) => write(`dataset:${projectId}:${name}`, (trx) => work(writeTx(trx))),
    getDataset: getDataset(db),
    async listDatasets(projectId) {
      const rows = await db.selectFrom('datasets').selectAll().where('project_id', '=', projectId).execute();
      return rows.map(toDatasetRow).sort((a, b) => byCodeUnits(a.name, b.name));
    },
    async listVersions(projectId, name) {
      const rows = await db
        .selectFrom('dataset_versions')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .orderBy('version', 'asc')
        .execute();
      return rows.map(toVersionRow);
    },
    async getVersion(projectId, name, version) {
      const r = await db
        .selectFrom('dataset_versions')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      return r ? toVersionRow(r) : null;
    },
    async itemsAt(projectId, name, version) {
      const rows = await db
        .selectFrom('dataset_items')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('dataset_name', '=', name)
        .where('valid_from', '<=', version)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', version)]))
        .execute();
      return sortItems(rows.map(toItemRow));
    },
    async findCurrentItem(projectId, itemId) {
      const row = await db
        .selectFrom('dataset_items')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('item_id', '=', itemId)
        .where('valid_to', 'is', null)
        .orderBy('dataset_name')
        .limit(1)
        .executeTakeFirst();
      return row ? toItemRow(row) : null;
    },
  };
}
