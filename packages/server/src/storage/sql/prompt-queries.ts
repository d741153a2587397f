/** Prompt registry queries shared by the SQL backends. */
import type { PromptLabelRow, PromptStore, PromptVersionRow, PromptWriteTx } from '../prompt-store.js';
import type { Db } from './database.js';

// The schema is declared in SQL migrations; rows are mapped below.
/**
 * Runs `work` in one write transaction that serialises every writer using the same `key`
 * (SQLite: the store's write mutex and BEGIN IMMEDIATE; PostgreSQL: a transaction advisory lock).
 */
export type KeyedWrite = <T>(key: string, work: (db: Db) => Promise<T>) => Promise<T>;

type Raw = Record<string, unknown>;

/** Sorts strings by UTF-16 code units, the same on every backend (database collations differ). */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toVersionRow(r: Raw): PromptVersionRow {
  return {
    project_id: String(r.project_id),
    name: String(r.name),
    version: Number(r.version),
    type: r.type as PromptVersionRow['type'],
    prompt: String(r.prompt),
    config: String(r.config ?? '{}'),
    template_format: r.template_format as PromptVersionRow['template_format'],
    commit_message: r.commit_message == null ? null : String(r.commit_message),
    content_hash: String(r.content_hash),
    created_at: Number(r.created_at),
  };
}

function toLabelRow(r: Raw): PromptLabelRow {
  return {
    project_id: String(r.project_id),
    name: String(r.name),
    label: String(r.label),
    version: Number(r.version),
    updated_at: Number(r.updated_at),
  };
}

function versionQueries(db: Db) {
  return {
    async latestVersion(projectId: string, name: string) {
      const r = await db
        .selectFrom('prompt_versions')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? toVersionRow(r) : null;
    },
    async getVersion(projectId: string, name: string, version: number) {
      const r = await db
        .selectFrom('prompt_versions')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      return r ? toVersionRow(r) : null;
    },
  };
}

function writeTx(db: Db): PromptWriteTx {
  return {
    ...versionQueries(db),
    async insertVersion(row) {
      await db.insertInto('prompt_versions').values(row).execute();
    },
    async setLabels(projectId, name, version, labels, at) {
      if (labels.length === 0) return;
      await db
        .insertInto('prompt_labels')
        .values(labels.map((label) => ({ project_id: projectId, name, label, version, updated_at: at })))
        .onConflict((oc) => oc.columns(['project_id', 'name', 'label']).doUpdateSet({ version, updated_at: at }))
        .execute();
    },
    async removeLabel(projectId, name, label) {
      const result = await db
        .deleteFrom('prompt_labels')
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .where('label', '=', label)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

/** Builds the PromptStore: reads on `db`, writes through `write` (the backend's keyed transaction). */
export function createPromptQueries(db: Db, write: KeyedWrite): PromptStore {
  const reads = versionQueries(db);
  return {
    write: (projectId, name, work) => write(`prompt:${projectId}:${name}`, (trx) => work(writeTx(trx))),
    getVersion: reads.getVersion,
    latestVersion: reads.latestVersion,
    async listLatest(projectId) {
      const counts = db
        .selectFrom('prompt_versions')
        .select(['name'])
        .select((eb) => [eb.fn.max('version').as('max_version'), eb.fn.countAll().as('version_count')])
        .where('project_id', '=', projectId)
        .groupBy('name')
        .as('m');
      const rows = await db
        .selectFrom('prompt_versions as v')
        .innerJoin(counts, (join) => join.onRef('m.name', '=', 'v.name').onRef('m.max_version', '=', 'v.version'))
        .selectAll('v')
        .select('m.version_count')
        .where('v.project_id', '=', projectId)
        .execute();
      return rows
        .map((r) => ({ ...toVersionRow(r), version_count: Number(r.version_count) }))
        .sort((a, b) => byCodeUnits(a.name, b.name));
    },
    async listVersions(projectId, name) {
      const rows = await db
        .selectFrom('prompt_versions')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .orderBy('version', 'asc')
        .execute();
      return rows.map(toVersionRow);
    },
    async listLabels(projectId, name) {
      let q = db.selectFrom('prompt_labels').selectAll().where('project_id', '=', projectId);
      if (name !== undefined) q = q.where('name', '=', name);
      const rows = await q.execute();
      return rows.map(toLabelRow).sort((a, b) => byCodeUnits(a.name, b.name) || byCodeUnits(a.label, b.label));
    },
  };
}
