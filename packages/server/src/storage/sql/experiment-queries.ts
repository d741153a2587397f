/** Experiment queries shared by the SQL backends. Writes run in the backend's keyed write transaction. */
import type { ExpressionBuilder } from 'kysely';
import type { ExperimentFilter, ExperimentItemRow, ExperimentRow, ExperimentStore, ExperimentSummaryRow } from '../experiment-store.js';
import type { KeyedWrite } from './prompt-queries.js';
import { numOrNull, textOrNull } from './row-values.js';
import type { Database, Db } from './database.js';
import type { ExperimentsTable } from './database-product.js';

// The schema is declared in SQL migrations; rows are mapped below.
type Raw = Record<string, unknown>;

/** Rows per insert statement (well under SQLite's and PostgreSQL's bound-parameter limits). */
const CHUNK = 400;

// Nullable columns stay null here: text → textOrNull, num → numOrNull (row-values.ts).
const text = textOrNull;
const num = numOrNull;

function toRun(r: Raw): ExperimentSummaryRow {
  return {
    project_id: String(r.project_id), run_id: String(r.run_id), name: String(r.name), status: String(r.status),
    dataset_name: String(r.dataset_name), dataset_version: text(r.dataset_version), dataset_sha256: text(r.dataset_sha256),
    model_name: String(r.model_name), model_version: text(r.model_version), provider: text(r.provider),
    prompt_name: text(r.prompt_name), prompt_version: text(r.prompt_version), retrieval_version: text(r.retrieval_version),
    evaluation_profile: text(r.evaluation_profile), git_commit: text(r.git_commit), git_branch: text(r.git_branch),
    pipeline_version: text(r.pipeline_version), started_at: num(r.started_at), finished_at: num(r.finished_at),
    summary: String(r.summary ?? '{}'), metrics: String(r.metrics ?? '{}'), config: String(r.config ?? '{}'),
    created_at: Number(r.created_at), updated_at: Number(r.updated_at), item_count: Number(r.item_count ?? 0),
  };
}

function toItem(r: Raw): ExperimentItemRow {
  return {
    project_id: String(r.project_id), run_id: String(r.run_id), item_key: String(r.item_key), item_id: String(r.item_id),
    repetition: Number(r.repetition), trace_id: text(r.trace_id), status: String(r.status), passed: Number(r.passed),
    score: num(r.score), scores: String(r.scores ?? '{}'), input: text(r.input), output: text(r.output), expected: text(r.expected),
    metadata: String(r.metadata ?? '{}'), latency_ms: num(r.latency_ms), cost: num(r.cost), input_tokens: num(r.input_tokens),
    output_tokens: num(r.output_tokens), error: text(r.error), updated_at: Number(r.updated_at), position: Number(r.position),
  };
}

const RUN_UPDATE_COLUMNS = [
  'name', 'status', 'dataset_name', 'dataset_version', 'dataset_sha256', 'model_name', 'model_version', 'provider', 'prompt_name',
  'prompt_version', 'retrieval_version', 'evaluation_profile', 'git_commit', 'git_branch', 'pipeline_version', 'started_at',
  'finished_at', 'summary', 'metrics', 'config', 'updated_at',
] as const;

const ITEM_UPDATE_COLUMNS = [
  'item_id', 'repetition', 'trace_id', 'status', 'passed', 'score', 'scores', 'input', 'output', 'expected', 'metadata',
  'latency_ms', 'cost', 'input_tokens', 'output_tokens', 'error', 'updated_at',
] as const;

/** The number of items of the run (alias `e`), as a correlated subquery of the select. */
function itemCount(eb: ExpressionBuilder<Database & { e: ExperimentsTable }, 'e'>) {
  return eb
    .selectFrom('experiment_items as i')
    .select((eb) => eb.fn.countAll().as('n'))
    .whereRef('i.project_id', '=', 'e.project_id')
    .whereRef('i.run_id', '=', 'e.run_id')
    .as('item_count');
}

/** Builds the ExperimentStore: reads on `db`, writes through `write`. */
export function createExperimentQueries(db: Db, write: KeyedWrite): ExperimentStore {
  return {
    upsert(run: ExperimentRow, items: ExperimentItemRow[]) {
      return write(`experiment:${run.project_id}:${run.run_id}`, async (trx) => {
        const existing = await trx
          .selectFrom('experiments')
          .select('created_at')
          .where('project_id', '=', run.project_id)
          .where('run_id', '=', run.run_id)
          .executeTakeFirst();
        await trx
          .insertInto('experiments')
          .values(run)
          .onConflict((oc) =>
            oc.columns(['project_id', 'run_id']).doUpdateSet((eb) => Object.fromEntries(RUN_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
          )
          .execute();
        if (items.length) {
          const known = await trx
            .selectFrom('experiment_items')
            .select(['item_key', 'position'])
            .where('project_id', '=', run.project_id)
            .where('run_id', '=', run.run_id)
            .execute();
          const positions = new Map(known.map((k) => [String(k.item_key), Number(k.position)]));
          let next = known.reduce((max, k) => Math.max(max, Number(k.position)), -1) + 1;
          const rows = items.map((item) => ({ ...item, position: positions.get(item.item_key) ?? next++ }));
          for (let i = 0; i < rows.length; i += CHUNK) {
            await trx
              .insertInto('experiment_items')
              .values(rows.slice(i, i + CHUNK))
              .onConflict((oc) =>
                oc.columns(['project_id', 'run_id', 'item_key']).doUpdateSet((eb) => Object.fromEntries(ITEM_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))),
              )
              .execute();
          }
        }
        return { created: !existing };
      });
    },
    async list(projectId: string, filter: ExperimentFilter) {
      let q = db.selectFrom('experiments as e').where('e.project_id', '=', projectId);
      for (const key of ['name', 'dataset_name', 'prompt_name', 'model_name', 'status'] as const) {
        const value = filter[key];
        if (value !== undefined) q = q.where(`e.${key}`, '=', value);
      }
      const [rows, count] = await Promise.all([
        q.selectAll('e').select(itemCount).orderBy('e.created_at', 'desc').orderBy('e.run_id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
        q.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst(),
      ]);
      return { rows: rows.map(toRun), total: Number(count?.total ?? 0) };
    },
    async get(projectId: string, runId: string) {
      const row = await db
        .selectFrom('experiments as e')
        .selectAll('e')
        .select(itemCount)
        .where('e.project_id', '=', projectId)
        .where('e.run_id', '=', runId)
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },
    async items(projectId: string, runId: string) {
      const rows = await db
        .selectFrom('experiment_items')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('run_id', '=', runId)
        .orderBy('position', 'asc')
        .execute();
      return rows.map(toItem);
    },
    remove(projectId: string, runId: string) {
      return write(`experiment:${projectId}:${runId}`, async (trx) => {
        await trx.deleteFrom('experiment_items').where('project_id', '=', projectId).where('run_id', '=', runId).execute();
        const result = await trx.deleteFrom('experiments').where('project_id', '=', projectId).where('run_id', '=', runId).executeTakeFirst();
        return BigInt(result?.numDeletedRows ?? 0n) > 0n;
      });
    },
  };
}
