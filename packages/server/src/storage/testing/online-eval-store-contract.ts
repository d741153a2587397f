/**
 * The storage contract of online evaluation rules and their work items: behaviour every backend
 * must show through the OnlineEvalStore seam (rules, one item per (rule, trace), claims that never
 * hand one item to two claimers, scores written only under the claim that holds the item).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable } from '@tracehub/core';
import type { Store } from '../store.js';
import type { EvaluationRuleRow, OnlineEvalItemRow } from '../online-eval-store.js';
import type { EvalRow } from '../rows.js';
import { createIngestService } from '../../ingest/ingest-service.js';

const T0 = Date.parse('2026-03-01T00:00:00Z') * 1000;
const SECOND = 1_000_000;

const rule = (id: string, name: string, created_at = T0): EvaluationRuleRow => ({
  project_id: 'p1', rule_id: id, name, filter: '{}', sampling_rate: 1, evaluators: '[{"type":"keywords"}]', connection: 'offline',
  model: null, daily_cost_cap: null, enabled: 1, version: 1, created_at, updated_at: created_at,
});

const item = (ruleId: string, traceId: string, at: number, extra: Partial<OnlineEvalItemRow> = {}): OnlineEvalItemRow => ({
  item_id: `${ruleId}-${traceId}`, project_id: 'p1', rule_id: ruleId, trace_id: traceId, status: 'pending', source: 'live', attempts: 0,
  next_attempt_at: at, lease_until: null, claim_token: null, error: null, cost: null, created_at: at, updated_at: at, ...extra,
});

const score = (traceId: string, at: number): EvalRow => ({
  project_id: 'p1', eval_id: `e-${traceId}-${at}`, trace_id: traceId, span_id: null, eval_name: 'quality', eval_model: 'judge-1', score: 0.75,
  passed: true, label: null, comment: '{"reasoning":"ok"}', metadata: '{"rule_version":1}', source: 'online', user_review_passed: null,
  eval_time: at, idempotency_key: null, created_at: at,
});

/** Runs the contract against stores made by `open` (each call: a new, empty, unmigrated store). */
export function onlineEvalStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`online eval store contract: ${name}`, () => {
    let store: Store;
    let clock = T0;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
      const ingest = createIngestService({ store: store.traces, prices: createPriceTable(), now: () => clock });
      for (let i = 0; i < 12; i++) {
        clock = T0 + (i + 1) * SECOND;
        await ingest.ingestTraces('p1', { trace: { trace_id: `t${String(i).padStart(2, '0')}`, name: 'chat', start_time: clock, environment: i === 11 ? 'tracehub-online-eval' : 'prod' }, spans: [], allow_missing_parent: false });
      }
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates, lists, renames (bumping the version), refuses a taken name and deletes rules', async () => {
      expect((await store.onlineEvals.createRule(rule('r1', 'quality'))).outcome).toBe('created');
      expect((await store.onlineEvals.createRule(rule('r2', 'quality'))).outcome).toBe('conflict');
      expect((await store.onlineEvals.createRule(rule('r3', 'tone'))).outcome).toBe('created');
      expect(await store.onlineEvals.updateRule('p1', 'r3', { name: 'quality' }, T0 + 1)).toBe('conflict');
      const updated = await store.onlineEvals.updateRule('p1', 'r3', { sampling_rate: 0.5, enabled: 0 }, T0 + 2);
      expect(updated).toMatchObject({ sampling_rate: 0.5, enabled: 0, version: 2, updated_at: T0 + 2 });
      expect((await store.onlineEvals.listRules('p1')).map((r) => r.name)).toEqual(['quality', 'tone']);
      expect((await store.onlineEvals.enabledRules()).map((r) => r.rule_id)).toEqual(['r1']);
      expect(await store.onlineEvals.getRule('p2', 'r1')).toBeNull();
      expect(await store.onlineEvals.deleteRule('p1', 'r3')).toBe(true);
      expect(await store.onlineEvals.deleteRule('p1', 'r3')).toBe(false);
    });

    it('answers settled candidates without an item, outside the judge-call environment; an item is added once', async () => {
      const base = { project_id: 'p1', rule_id: 'r1', excludeEnvironment: 'tracehub-online-eval', limit: 100 };
      const all = await store.onlineEvals.candidates({ ...base, updatedBefore: T0 + 100 * SECOND });
      expect(all.map((c) => c.trace_id)).toEqual(['t00', 't01', 't02', 't03', 't04', 't05', 't06', 't07', 't08', 't09', 't10']);
      expect(all[0]).toMatchObject({ name: 'chat', environment: 'prod', start_time: T0 + SECOND });
      // Settling: traces written after `updatedBefore` wait.
      expect(await store.onlineEvals.candidates({ ...base, updatedBefore: T0 + 5 * SECOND })).toHaveLength(5);
      expect(await store.onlineEvals.candidates({ ...base, updatedBefore: T0 + 100 * SECOND, createdFrom: T0 + 10 * SECOND })).toHaveLength(2);
      expect(await store.onlineEvals.candidates({ ...base, updatedBefore: T0 + 100 * SECOND, startFrom: T0 + 2 * SECOND, startTo: T0 + 4 * SECOND })).toHaveLength(2);
      const items = all.map((c) => item('r1', c.trace_id, T0));
      expect(await store.onlineEvals.addItems(items)).toBe(11);
      // A second server (or pass) adding the same traces adds nothing.
      expect(await store.onlineEvals.addItems(items.map((i) => ({ ...i, item_id: `again-${i.item_id}` })))).toBe(0);
      expect(await store.onlineEvals.candidates({ ...base, updatedBefore: T0 + 100 * SECOND })).toEqual([]);
      expect(await store.onlineEvals.counts('p1', 'r1')).toEqual({ pending: 11 });
    });

    it('never hands one item to two concurrent claimers, and lets an expired lease be taken over', async () => {
      const now = T0 + 200 * SECOND;
      const [a, b] = await Promise.all([
        store.onlineEvals.claimDue(now, now + 60 * SECOND, 'A', 6),
        store.onlineEvals.claimDue(now, now + 60 * SECOND, 'B', 6),
      ]);
      const ids = [...a, ...b].map((i) => i.trace_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(11);
      expect([...a, ...b].every((i) => i.status === 'running' && i.attempts === 1)).toBe(true);
      expect(await store.onlineEvals.claimDue(now + SECOND, now + 60 * SECOND, 'C', 20)).toEqual([]);
      // After the lease, another claimer takes the items over (the first one crashed).
      const later = await store.onlineEvals.claimDue(now + 61 * SECOND, now + 120 * SECOND, 'C', 20);
      expect(later).toHaveLength(11);
      expect(later.every((i) => i.claim_token === 'C' && i.attempts === 2)).toBe(true);
    });

    it('writes scores and spend only under the claim that holds the item; released items come back when due', async () => {
      const at = T0 + 300 * SECOND;
      const claim = (traceId: string, token: string) => ({ item_id: `r1-${traceId}`, claim_token: token, project_id: 'p1', rule_id: 'r1' });
      // A lost claim (A's lease was taken over by C) writes nothing.
      expect(await store.onlineEvals.complete(claim('t00', 'A'), [score('t00', at)], 0.5, '2026-03-01', at)).toBe(false);
      expect(await store.traces.getTraceEvals('p1', 't00')).toEqual([]);
      expect(await store.onlineEvals.complete(claim('t00', 'C'), [score('t00', at)], 0.5, '2026-03-01', at)).toBe(true);
      expect(await store.onlineEvals.complete(claim('t00', 'C'), [score('t00', at + 1)], 0.5, '2026-03-01', at)).toBe(false);
      expect(await store.onlineEvals.complete(claim('t01', 'C'), [score('t01', at)], 0.25, '2026-03-01', at)).toBe(true);
      const evals = await store.traces.getTraceEvals('p1', 't00');
      expect(evals).toHaveLength(1);
      expect(evals[0]).toMatchObject({ source: 'online', eval_name: 'quality', eval_model: 'judge-1', score: 0.75, passed: true });
      expect(await store.onlineEvals.spend('p1', 'r1', '2026-03-01')).toBeCloseTo(0.75);
      expect(await store.onlineEvals.spend('p1', 'r1', '2026-03-02')).toBe(0);
      // Retry later: not due before retryAt.
      await store.onlineEvals.release(claim('t02', 'C'), { status: 'pending', retryAt: at + 10 * SECOND, error: 'judge down' }, at);
      await store.onlineEvals.release(claim('t03', 'C'), { status: 'capped', retryAt: null, error: 'cap' }, at);
      await store.onlineEvals.release(claim('t04', 'A'), { status: 'failed', retryAt: null, error: 'lost claim: ignored' }, at);
      expect(await store.onlineEvals.claimDue(at + 5 * SECOND, at + 100 * SECOND, 'D', 20)).toEqual([]);
      const due = await store.onlineEvals.claimDue(at + 10 * SECOND, at + 100 * SECOND, 'D', 20);
      expect(due.map((i) => [i.trace_id, i.attempts, i.error])).toEqual([['t02', 3, 'judge down']]);
      expect(await store.onlineEvals.counts('p1', 'r1')).toEqual({ done: 2, capped: 1, running: 8 });
    });
  });
}
