/**
 * The storage contract of prompts and datasets: behaviour every backend must show through the
 * PromptStore and DatasetStore seams. A new backend is done when this passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { PromptVersionRow } from '../prompt-store.js';
import type { DatasetItemRow } from '../dataset-store.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;

function promptRow(name: string, version: number, extra: Partial<PromptVersionRow> = {}): PromptVersionRow {
  return {
    project_id: 'p1', name, version, type: 'text', prompt: `v${version} {question}`, config: '{"temperature":0.2}',
    template_format: 'fstring', commit_message: null, content_hash: `h${version}`, created_at: T0 + version, ...extra,
  };
}

function itemRow(id: string, input: unknown, extra: Partial<DatasetItemRow> = {}): DatasetItemRow {
  return {
    project_id: 'p1', dataset_name: 'ds', item_id: id, valid_from: 1, valid_to: null, input: JSON.stringify(input),
    expected_output: null, metadata: '{}', source_trace_id: null, source_span_id: null, status: 'active',
    content_hash: `c-${id}`, created_at: T0, ...extra,
  };
}

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function promptDatasetContract(name: string, open: () => Promise<Store>): void {
  describe(`prompt and dataset store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
    });

    it('stores prompt versions exactly (unicode, CRLF, trailing spaces) and lists the newest per prompt', async () => {
      const text = '첫 줄 {question}\r\n  {{literal}}  \n\n\t끝 ';
      await store.prompts.write('p1', 'alpha', async (tx) => {
        expect(await tx.latestVersion('p1', 'alpha')).toBeNull();
        await tx.insertVersion(promptRow('alpha', 1, { prompt: text, commit_message: '처음' }));
        await tx.insertVersion(promptRow('alpha', 2));
      });
      await store.prompts.write('p1', 'beta', (tx) => tx.insertVersion(promptRow('beta', 1, { type: 'chat', prompt: '[{"role":"user","content":"x"}]' })));
      await store.prompts.write('p2', 'alpha', (tx) => tx.insertVersion(promptRow('alpha', 1, { project_id: 'p2' })));
      expect(await store.prompts.getVersion('p1', 'alpha', 1)).toEqual(promptRow('alpha', 1, { prompt: text, commit_message: '처음' }));
      expect((await store.prompts.latestVersion('p1', 'alpha'))?.version).toBe(2);
      expect((await store.prompts.listVersions('p1', 'alpha')).map((v) => v.version)).toEqual([1, 2]);
      const latest = await store.prompts.listLatest('p1');
      expect(latest.map((r) => [r.name, r.version, r.version_count])).toEqual([['alpha', 2, 2], ['beta', 1, 1]]);
      expect(await store.prompts.getVersion('p2', 'beta', 1)).toBeNull();
    });

    it('keeps each label on exactly one version and moves it', async () => {
      await store.prompts.write('p1', 'alpha', (tx) => tx.setLabels('p1', 'alpha', 1, ['production', 'staging'], T0));
      await store.prompts.write('p1', 'alpha', (tx) => tx.setLabels('p1', 'alpha', 2, ['production'], T0 + 1));
      const labels = await store.prompts.listLabels('p1', 'alpha');
      expect(labels.map((l) => [l.label, l.version])).toEqual([['production', 2], ['staging', 1]]);
      expect(await store.prompts.write('p1', 'alpha', (tx) => tx.removeLabel('p1', 'alpha', 'staging'))).toBe(true);
      expect(await store.prompts.write('p1', 'alpha', (tx) => tx.removeLabel('p1', 'alpha', 'staging'))).toBe(false);
      expect((await store.prompts.listLabels('p1')).map((l) => `${l.name}:${l.label}`)).toEqual(['alpha:production']);
      expect(await store.prompts.listLabels('p2')).toEqual([]);
    });

    it('rolls a failed prompt transaction back whole', async () => {
      await expect(
        store.prompts.write('p1', 'gamma', async (tx) => {
          await tx.insertVersion(promptRow('gamma', 1));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.prompts.latestVersion('p1', 'gamma')).toBeNull();
      // A duplicate version number is refused by the database.
      await expect(store.prompts.write('p1', 'alpha', (tx) => tx.insertVersion(promptRow('alpha', 2)))).rejects.toThrow();
    });

    it('serialises concurrent writers of one prompt', async () => {
      const next = () =>
        store.prompts.write('p1', 'race', async (tx) => {
          const latest = await tx.latestVersion('p1', 'race');
          await new Promise((r) => setTimeout(r, 5));
          await tx.insertVersion(promptRow('race', (latest?.version ?? 0) + 1));
        });
      await Promise.all([next(), next(), next(), next()]);
      expect((await store.prompts.listVersions('p1', 'race')).map((v) => v.version)).toEqual([1, 2, 3, 4]);
    });

    it('reads every dataset version from item revisions', async () => {
      await store.datasets.write('p1', 'ds', async (tx) => {
        expect(await tx.getDataset('p1', 'ds')).toBeNull();
        await tx.putDataset({ project_id: 'p1', name: 'ds', description: '설명', metadata: '{"team":"a"}', latest_version: 1, created_at: T0, updated_at: T0 });
        await tx.addItems([itemRow('b', { q: 'B' }), itemRow('a', { q: 'A' }, { expected_output: '{"keywords":["x"]}', source_trace_id: 't1', source_span_id: 's1' })]);
        await tx.addVersion({ project_id: 'p1', name: 'ds', version: 1, sha256: 'sha-1', item_count: 2, added: 2, updated: 0, removed: 0, message: 'first', created_at: T0 });
      });
      await store.datasets.write('p1', 'ds', async (tx) => {
        const current = await tx.currentItems('p1', 'ds');
        expect(current.map((r) => r.item_id)).toEqual(['a', 'b']);
        await tx.closeItems('p1', 'ds', ['a', 'b'], 2);
        await tx.addItems([itemRow('a', { q: 'A2' }, { valid_from: 2 }), itemRow('c', { q: 'C' }, { valid_from: 2, status: 'archived' })]);
        await tx.addVersion({ project_id: 'p1', name: 'ds', version: 2, sha256: 'sha-2', item_count: 2, added: 1, updated: 1, removed: 1, message: null, created_at: T0 + 1 });
        await tx.putDataset({ project_id: 'p1', name: 'ds', description: '설명', metadata: '{"team":"a"}', latest_version: 2, created_at: T0 + 99, updated_at: T0 + 1 });
      });
      const v1 = await store.datasets.itemsAt('p1', 'ds', 1);
      expect(v1).toEqual([
        itemRow('a', { q: 'A' }, { expected_output: '{"keywords":["x"]}', source_trace_id: 't1', source_span_id: 's1', valid_to: 2 }),
        itemRow('b', { q: 'B' }, { valid_to: 2 }),
      ]);
      const v2 = await store.datasets.itemsAt('p1', 'ds', 2);
      expect(v2.map((r) => [r.item_id, JSON.parse(r.input).q, r.status])).toEqual([['a', 'A2', 'active'], ['c', 'C', 'archived']]);
      expect(await store.datasets.itemsAt('p1', 'ds', 0)).toEqual([]);
      expect(await store.datasets.findCurrentItem('p1', 'c')).toEqual(v2[1]);
      expect(await store.datasets.findCurrentItem('p1', 'b')).toBeNull();
      expect(await store.datasets.findCurrentItem('p2', 'a')).toBeNull();
      expect((await store.datasets.listVersions('p1', 'ds')).map((v) => [v.version, v.sha256, v.message])).toEqual([[1, 'sha-1', 'first'], [2, 'sha-2', null]]);
      expect(await store.datasets.getVersion('p1', 'ds', 2)).toMatchObject({ added: 1, updated: 1, removed: 1, item_count: 2 });
      expect(await store.datasets.getVersion('p1', 'ds', 3)).toBeNull();
      // putDataset keeps created_at and updates the rest.
      expect(await store.datasets.getDataset('p1', 'ds')).toEqual({
        project_id: 'p1', name: 'ds', description: '설명', metadata: '{"team":"a"}', latest_version: 2, created_at: T0, updated_at: T0 + 1,
      });
      expect(await store.datasets.getDataset('p2', 'ds')).toBeNull();
      expect((await store.datasets.listDatasets('p1')).map((d) => d.name)).toEqual(['ds']);
    });

    it('writes and closes thousands of items in one transaction', async () => {
      const rows = Array.from({ length: 2500 }, (_, i) => itemRow(`i-${String(i).padStart(5, '0')}`, { n: i }, { dataset_name: 'big' }));
      await store.datasets.write('p1', 'big', async (tx) => {
        await tx.addItems(rows);
      });
      await store.datasets.write('p1', 'big', (tx) => tx.closeItems('p1', 'big', rows.slice(0, 1200).map((r) => r.item_id), 2));
      expect((await store.datasets.itemsAt('p1', 'big', 1)).length).toBe(2500);
      expect((await store.datasets.itemsAt('p1', 'big', 2)).length).toBe(1300);
    });
  });
}
