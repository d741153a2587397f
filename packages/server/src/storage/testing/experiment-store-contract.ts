/**
 * The storage contract of experiments: behaviour every backend must show through the ExperimentStore
 * seam. A new backend is done when this passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { ExperimentItemRow, ExperimentRow } from '../experiment-store.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;

function runRow(runId: string, extra: Partial<ExperimentRow> = {}): ExperimentRow {
  return {
    project_id: 'p1', run_id: runId, name: `exp-${runId}`, status: 'running', dataset_name: 'qa', dataset_version: '3', dataset_sha256: 'abc',
    model_name: 'gpt-4.1-mini', model_version: null, provider: 'openai', prompt_name: 'qa', prompt_version: '2', retrieval_version: null,
    evaluation_profile: 'dev', git_commit: 'deadbeef', git_branch: 'main', pipeline_version: 'tracehub-evals/0.1.0', started_at: T0, finished_at: null,
    summary: '{}', metrics: '{}', config: '{"evaluators":[]}', created_at: T0, updated_at: T0, ...extra,
  };
}

function itemRow(runId: string, key: string, extra: Partial<ExperimentItemRow> = {}): ExperimentItemRow {
  return {
    project_id: 'p1', run_id: runId, item_key: key, item_id: key.split('#')[0], repetition: 1, trace_id: `t-${key}`, status: 'ok', passed: 1, score: 0.5,
    scores: '{"keywords":{"score":0.5}}', input: '{"q":"질문"}', output: '답변 \u00e9', expected: '{"keywords":["a"]}', metadata: '{}', latency_ms: 12.5,
    cost: 0.0001, input_tokens: 10, output_tokens: 5, error: null, updated_at: T0, position: 0, ...extra,
  };
}

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function experimentStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`experiment store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates a run, then updates it keeping created_at; items upsert by key and keep their first position', async () => {
      expect(await store.experiments.upsert(runRow('r1'), [itemRow('r1', 'b'), itemRow('r1', 'a')])).toEqual({ created: true });
      expect(await store.experiments.upsert(runRow('r1', { status: 'completed', summary: '{"items":3}', created_at: T0 + 99, updated_at: T0 + 5 }), [
        itemRow('r1', 'a', { passed: 0, score: 0, output: 'changed' }),
        itemRow('r1', 'c'),
      ])).toEqual({ created: false });
      const run = await store.experiments.get('p1', 'r1');
      expect(run).toMatchObject({ status: 'completed', summary: '{"items":3}', created_at: T0, updated_at: T0 + 5, item_count: 3, git_commit: 'deadbeef' });
      const items = await store.experiments.items('p1', 'r1');
      expect(items.map((i) => [i.item_key, i.position, i.passed, i.output])).toEqual([
        ['b', 0, 1, '답변 é'], ['a', 1, 0, 'changed'], ['c', 2, 1, '답변 é'],
      ]);
      expect(items[0]).toEqual(itemRow('r1', 'b'));
    });

    it('lists runs newest first with filters and counts, per project', async () => {
      await store.experiments.upsert(runRow('r2', { created_at: T0 + 10, updated_at: T0 + 10, model_name: 'llama3.1', name: 'other' }), []);
      await store.experiments.upsert(runRow('r3', { project_id: 'p2', created_at: T0 + 20 }), []);
      const all = await store.experiments.list('p1', { limit: 10, offset: 0 });
      expect(all.total).toBe(2);
      expect(all.rows.map((r) => [r.run_id, r.item_count])).toEqual([['r2', 0], ['r1', 3]]);
      expect((await store.experiments.list('p1', { model_name: 'llama3.1', limit: 10, offset: 0 })).rows.map((r) => r.run_id)).toEqual(['r2']);
      expect((await store.experiments.list('p1', { name: 'exp-r1', status: 'completed', limit: 10, offset: 0 })).rows.map((r) => r.run_id)).toEqual(['r1']);
      expect((await store.experiments.list('p1', { limit: 1, offset: 1 })).rows.map((r) => r.run_id)).toEqual(['r1']);
      expect(await store.experiments.get('p2', 'r1')).toBeNull();
      expect(await store.experiments.items('p2', 'r1')).toEqual([]);
    });

    it('stores a large batch of items in one call', async () => {
      const items = Array.from({ length: 1200 }, (_, i) => itemRow('big', `k${i}`, { score: i / 1200 }));
      await store.experiments.upsert(runRow('big'), items);
      const stored = await store.experiments.items('p1', 'big');
      expect(stored).toHaveLength(1200);
      expect(stored[1199]).toMatchObject({ item_key: 'k1199', position: 1199 });
    });

    it('removes a run with its items, once, in its own project only', async () => {
      await store.experiments.upsert(runRow('gone'), [itemRow('gone', 'x'), itemRow('gone', 'y')]);
      expect(await store.experiments.remove('p2', 'gone')).toBe(false);
      expect(await store.experiments.remove('p1', 'gone')).toBe(true);
      expect(await store.experiments.get('p1', 'gone')).toBeNull();
      expect(await store.experiments.items('p1', 'gone')).toEqual([]);
      expect(await store.experiments.remove('p1', 'gone')).toBe(false);
      expect(await store.experiments.get('p1', 'r1')).not.toBeNull();
    });
  });
}
