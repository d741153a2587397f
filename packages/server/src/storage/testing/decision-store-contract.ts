/**
 * The decision store contract: policies and their activation log, decisions with idempotency and
 * cache, cases and their state changes, and the notification queue (atomic claims, leases, attempt
 * log). Every backend must pass it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { createPriceTable, traceListQuerySchema } from '@tracehub/core';
import { createIngestService } from '../../ingest/ingest-service.js';
import type { CaseRow, DecisionRow, DecisionWrite, NotificationRow } from '../decision-store.js';
import { newTrace } from '../../ingest/trace-state.js';

const T0 = Date.parse('2026-02-07T10:00:00Z') * 1000;
const SEC = 1_000_000;

const decision = (id: string, overrides: Partial<DecisionRow> = {}): DecisionRow => ({
  project_id: 'p1', decision_id: id, trace_id: 't1', action: 'ESCALATE', reason_code: 'PII_DETECTED', severity: 'high',
  policy_id: 'pol-1', policy_name: 'safety', policy_version: 1, policies: '[{"policy_id":"pol-1","name":"safety","version":1}]',
  rule: '{"index":0,"priority":10,"metadata":null}', judge_model: 'heuristic', signals: '{"pii":true}', cached: false,
  input_hash: 'h', latency_ms: 0.5, idempotency_key: null, span_id: `judge-${id}`, case_id: null, created_at: T0, ...overrides,
});
const caseRow = (id: string, decisionId: string, overrides: Partial<CaseRow> = {}): CaseRow => ({
  project_id: 'p1', case_id: id, trace_id: 't1', decision_id: decisionId, status: 'open', severity: 'high', reason_code: 'PII_DETECTED',
  policy_id: 'pol-1', policy_version: 1, note: null, created_at: T0, updated_at: T0, acknowledged_at: null, acknowledged_by: null,
  resolved_at: null, resolved_by: null, ...overrides,
});
const notification = (id: string, caseId: string, due: number, overrides: Partial<NotificationRow> = {}): NotificationRow => ({
  notification_id: id, project_id: 'p1', case_id: caseId, event: 'case.opened', url: 'http://127.0.0.1:1/hook', destination_id: null,
  payload: `{"b": 1, "a": "${id}"}`, status: 'pending', attempt_count: 0, max_attempts: 3, next_attempt_at: due,
  last_status_code: null, last_error: null, delivered_at: null, created_at: T0, updated_at: T0, ...overrides,
});
// JSON columns compare by value: PostgreSQL JSONB answers its own spacing and key order.
const norm = (d: DecisionRow | null) =>
  d && { ...d, policies: JSON.parse(d.policies), rule: d.rule && JSON.parse(d.rule), signals: JSON.parse(d.signals) };
const write = (d: DecisionRow, extra: Partial<DecisionWrite> = {}): DecisionWrite => ({
  decision: d, judgeRuns: [], cache: null, case: null, notifications: [], requireTrace: false, ...extra,
});

/** Runs the decision store contract against stores made by `open` (each: new, empty, unmigrated). */
export function decisionStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`decision store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
    });
    const add = (name: string, policyId: string, effectiveFrom = T0, activate = true, at = T0) =>
      store.decisions.addPolicyVersion({
        project_id: 'p1', policy_id: policyId, name, description: `${name} policy`, definition: '{"rules":[]}',
        effective_from: effectiveFrom, activate, at,
      });

    it('numbers policy versions per name and keeps every version', async () => {
      const first = await add('safety', 'pol-1');
      expect(first).toMatchObject({ created: true, policy: { policy_id: 'pol-1', latest_version: 1, active_version: 1 }, version: { version: 1 } });
      const second = await add('safety', 'ignored-id', T0 + 10 * SEC, false, T0 + SEC);
      expect(second).toMatchObject({ created: false, policy: { policy_id: 'pol-1', latest_version: 2, active_version: 1 }, version: { version: 2 } });
      expect((await store.decisions.listPolicyVersions('p1', 'pol-1')).map((v) => [v.version, v.effective_from])).toEqual([[1, T0], [2, T0 + 10 * SEC]]);
      expect(JSON.parse((await store.decisions.listPolicyVersions('p1', 'pol-1'))[0].definition)).toEqual({ rules: [] });
      expect((await store.decisions.findPolicy('p1', 'safety'))?.policy_id).toBe('pol-1');
      expect((await store.decisions.findPolicy('p1', 'pol-1'))?.name).toBe('safety');
      expect(await store.decisions.findPolicy('p2', 'safety')).toBeNull();
    });

    it('assigns distinct versions to concurrent publishers of one name', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => add('busy', `busy-${i}`)));
      expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(results.map((r) => r.policy.policy_id)).size).toBe(1);
    });

    it('appends activations and lists them newest first with their effective time', async () => {
      expect(await store.decisions.activatePolicyVersion('p1', 'pol-1', 3, T0 + 2 * SEC)).toBeNull();
      expect(await store.decisions.activatePolicyVersion('p1', 'nope', 1, T0 + 2 * SEC)).toBeNull();
      expect(await store.decisions.activatePolicyVersion('p1', 'pol-1', 2, T0 + 2 * SEC)).toMatchObject({ active_version: 2 });
      expect(await store.decisions.activatePolicyVersion('p1', 'pol-1', 1, T0 + 3 * SEC)).toMatchObject({ active_version: 1 });
      const log = await store.decisions.listActivations('p1', 'pol-1');
      expect(log.map((a) => [a.version, a.activated_at, a.effective_from, a.name])).toEqual([
        [1, T0 + 3 * SEC, T0, 'safety'], [2, T0 + 2 * SEC, T0 + 10 * SEC, 'safety'], [1, T0, T0, 'safety'],
      ]);
      expect((await store.decisions.listActivations('p1')).length).toBeGreaterThan(log.length);
      const versions = await store.decisions.getPolicyVersions('p1', [{ policy_id: 'pol-1', version: 2 }]);
      expect(versions.map((v) => v.version)).toEqual([2]);
    });

    it('records a decision once per idempotency key, with its runs, cache entry, case and notifications', async () => {
      const d = decision('d1', { idempotency_key: 'k1', case_id: 'c1' });
      const first = await store.decisions.recordDecision(write(d, {
        judgeRuns: [{
          project_id: 'p1', run_id: 'r1', decision_id: 'd1', trace_id: 't1', judge: 'heuristic', model: 'heuristic', input_hash: 'h',
          output: '{"pii":true}', valid: true, attempts: 1, error: null, cached: false, latency_ms: 0.1, input_tokens: null, output_tokens: null, created_at: T0,
        }],
        cache: { key: 'ck', result: '{"x":1}' },
        case: caseRow('c1', 'd1'),
        notifications: [notification('n1', 'c1', T0, { destination_id: 'dest-1' })],
      }));
      expect(first).toEqual({ outcome: 'recorded', decision: d });
      const again = await store.decisions.recordDecision(write(decision('d2', { idempotency_key: 'k1', case_id: 'c2' }), { case: caseRow('c2', 'd2') }));
      expect(again.outcome).toBe('duplicate');
      expect(again.outcome === 'duplicate' && norm(again.decision)).toEqual(norm(d));
      expect(await store.decisions.getCase('p1', 'c2')).toBeNull();
      expect(norm(await store.decisions.findDecisionByKey('p1', 'k1'))).toEqual(norm(d));
      expect(await store.decisions.findDecisionByKey('p2', 'k1')).toBeNull();
      expect(JSON.parse((await store.decisions.getCachedResult('p1', 'ck')) ?? 'null')).toEqual({ x: 1 });
      expect(await store.decisions.getCachedResult('p2', 'ck')).toBeNull();
      expect((await store.decisions.listTraceJudgeRuns('p1', 't1')).map((r) => [r.run_id, r.valid, r.cached])).toEqual([['r1', true, false]]);
      expect((await store.decisions.listCaseNotifications('p1', 'c1')).map((n) => n.destination_id)).toEqual(['dest-1']);
    });

    it('records concurrent decisions with one key once; a failing decision does not take others down', async () => {
      const same = await Promise.all([1, 2, 3, 4, 5].map((i) => store.decisions.recordDecision(write(decision(`dc${i}`, { project_id: 'p4', idempotency_key: 'kc' })))));
      expect(same.filter((r) => r.outcome === 'recorded')).toHaveLength(1);
      const ids = new Set(same.map((r) => (r.outcome === 'trace_not_found' ? null : r.decision.decision_id)));
      expect(ids.size).toBe(1);
      const mixed = await Promise.allSettled([
        store.decisions.recordDecision(write(decision('ok-1', { project_id: 'p4' }))),
        store.decisions.recordDecision(write(decision('d1', { project_id: 'p4' }))), // the decision id is taken: a programmer error
        store.decisions.recordDecision(write(decision('ok-2', { project_id: 'p4' }))),
      ]);
      expect(mixed.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.decisions.getDecision('p4', 'ok-2'))?.decision_id).toBe('ok-2');
      expect((await store.decisions.getDecision('p1', 'd1'))?.idempotency_key).toBe('k1');
    });

    it('leaves the trace alone, and writes nothing when the trace it requires is missing', async () => {
      await store.traces.ingest(async (tx) => {
        await tx.putTraces([newTrace('p3', 'snap-trace', T0, T0)]);
      });
      const recorded = await store.decisions.recordDecision(write(decision('d9', { project_id: 'p3', trace_id: 'snap-trace', action: 'BLOCK', case_id: 'c9' }), {
        case: caseRow('c9', 'd9', { project_id: 'p3', trace_id: 'snap-trace' }), requireTrace: true,
      }));
      expect(recorded.outcome).toBe('recorded');
      // The latest-decision snapshot reaches the trace with the decision's judge span (ingest), not here.
      expect(await store.traces.getTrace('p3', 'snap-trace')).toMatchObject({ decision: null, decision_action: null, updated_at: T0 });
      const missing = await store.decisions.recordDecision(write(decision('d10', { project_id: 'p3', trace_id: 'nope', idempotency_key: 'k10', case_id: 'c10' }), {
        case: caseRow('c10', 'd10', { project_id: 'p3', trace_id: 'nope' }), requireTrace: true,
      }));
      expect(missing).toEqual({ outcome: 'trace_not_found' });
      expect(await store.decisions.findDecisionByKey('p3', 'k10')).toBeNull();
      expect(await store.decisions.getCase('p3', 'c10')).toBeNull();
    });

    it('takes the latest-decision snapshot onto the trace with the judge span that carries it', async () => {
      const ingest = createIngestService({ store: store.traces, prices: createPriceTable(), now: () => T0 + 9 * SEC });
      const snapshot = JSON.stringify({ decision_id: 'd9', action: 'BLOCK' });
      const judgeSpan = (spanId: string, key: string) => ({
        trace_id: 'snap-trace', span_id: spanId, event_type: 'END', event_time: T0 + SEC, idempotency_key: key, payload: {},
        fields: { name: 'decision', span_type: 'judge' },
      });
      await ingest.ingestSpanEvents('p3', { allow_missing_parent: true, events: [{ ...judgeSpan('judge-d9', 'span-d9'), trace_decision: { snapshot, action: 'BLOCK' } }] });
      const trace = await store.traces.getTrace('p3', 'snap-trace');
      expect(trace).toMatchObject({ decision_action: 'BLOCK' });
      expect(JSON.parse(trace?.decision ?? 'null')).toEqual({ decision_id: 'd9', action: 'BLOCK' });
      expect((await store.traces.listTraces('p3', traceListQuerySchema.parse({ decision: 'BLOCK' }))).rows.map((t) => t.trace_id)).toEqual(['snap-trace']);
      // A re-sent (duplicate) span does not bring its snapshot back.
      await ingest.ingestSpanEvents('p3', { allow_missing_parent: true, events: [{ ...judgeSpan('judge-d8', 'span-d8'), trace_decision: { snapshot: '{"action":"ALLOW"}', action: 'ALLOW' } }] });
      await ingest.ingestSpanEvents('p3', { allow_missing_parent: true, events: [{ ...judgeSpan('judge-d9', 'span-d9'), trace_decision: { snapshot, action: 'BLOCK' } }] });
      expect((await store.traces.getTrace('p3', 'snap-trace'))?.decision_action).toBe('ALLOW');
    });

    it('lists a trace’s decisions in order', async () => {
      await store.decisions.recordDecision(write(decision('d3', { action: 'ALLOW_ANSWER', created_at: T0 + SEC, cached: true })));
      await store.decisions.recordDecision(write(decision('d4', { action: 'BLOCK', created_at: T0 + 2 * SEC, trace_id: 't2' })));
      expect((await store.decisions.listTraceDecisions('p1', 't1')).map((d) => [d.decision_id, d.cached])).toEqual([['d1', false], ['d3', true]]);
    });

    it('moves cases only along allowed states', async () => {
      await store.decisions.recordDecision(write(decision('d5', { case_id: 'c5' }), { case: caseRow('c5', 'd5', { created_at: T0 + SEC }) }));
      expect((await store.decisions.listCases('p1', { status: 'open', page: 1, page_size: 10 })).rows.map((c) => c.case_id)).toEqual(['c5', 'c1']);
      const ack = await store.decisions.transitionCase('p1', 'c1', ['open'], 'acknowledged', { at: T0 + 5 * SEC, acknowledged_at: T0 + 5 * SEC, acknowledged_by: 'kim', note: 'looking' });
      expect(ack).toMatchObject({ outcome: 'ok', row: { status: 'acknowledged', acknowledged_by: 'kim', note: 'looking', updated_at: T0 + 5 * SEC } });
      expect(await store.decisions.transitionCase('p1', 'c1', ['open'], 'acknowledged', { at: T0 + 6 * SEC })).toMatchObject({ outcome: 'conflict', row: { status: 'acknowledged' } });
      expect(await store.decisions.transitionCase('p2', 'c1', ['open'], 'acknowledged', { at: T0 })).toEqual({ outcome: 'not_found' });
      expect((await store.decisions.transitionCase('p1', 'c1', ['open', 'acknowledged'], 'resolved', { at: T0 + 7 * SEC, resolved_at: T0 + 7 * SEC })).outcome).toBe('ok');
      const page = await store.decisions.listCases('p1', { status: 'resolved', page: 1, page_size: 10 });
      expect(page).toMatchObject({ total: 1, rows: [{ case_id: 'c1', resolved_at: T0 + 7 * SEC, acknowledged_at: T0 + 5 * SEC }] });
      expect((await store.decisions.listCases('p1', { trace_id: 't1', page: 1, page_size: 1 })).total).toBe(2);
    });

    it('claims due notifications once, even when claims race, and re-claims an expired lease', async () => {
      await store.decisions.recordDecision(write(decision('d6', { case_id: 'c6' }), {
        case: caseRow('c6', 'd6'),
        notifications: Array.from({ length: 10 }, (_, i) => notification(`m${i}`, 'c6', T0 + i * SEC)),
      }));
      const now = T0 + 20 * SEC;
      const claims = await Promise.all([1, 2, 3].map(() => store.decisions.claimDueNotifications(now, 4, now + 60 * SEC)));
      const ids = claims.flat().map((n) => n.notification_id);
      expect(ids.length).toBe(11); // n1 and m0–m9
      expect(new Set(ids).size).toBe(11);
      expect(claims.flat().every((n) => n.status === 'delivering' && n.next_attempt_at === now + 60 * SEC)).toBe(true);
      expect(claims.flat().find((n) => n.notification_id === 'm3')?.payload).toBe('{"b": 1, "a": "m3"}');
      expect(await store.decisions.claimDueNotifications(now + SEC, 50, now + 61 * SEC)).toEqual([]);
      expect(await store.decisions.nextNotificationDue()).toBe(now + 60 * SEC);
      const reclaimed = await store.decisions.claimDueNotifications(now + 60 * SEC, 50, now + 120 * SEC);
      expect(reclaimed.length).toBe(11);
    });

    it('logs attempts and finishes notifications', async () => {
      const at = T0 + 200 * SEC;
      await store.decisions.finishNotificationAttempt(
        { notification_id: 'm0', project_id: 'p1', attempt: 1, ok: false, status_code: 500, error: 'HTTP 500', duration_ms: 3, created_at: at },
        { status: 'pending', next_attempt_at: at + SEC, last_status_code: 500, last_error: 'HTTP 500', delivered_at: null, at },
      );
      await store.decisions.finishNotificationAttempt(
        { notification_id: 'm0', project_id: 'p1', attempt: 2, ok: true, status_code: 204, error: null, duration_ms: 2, created_at: at + SEC },
        { status: 'delivered', next_attempt_at: at + SEC, last_status_code: 204, last_error: null, delivered_at: at + SEC, at: at + SEC },
      );
      const attempts = await store.decisions.listNotificationAttempts(['m0', 'm1']);
      expect(attempts.map((a) => [a.notification_id, a.attempt, a.ok, a.status_code, a.error])).toEqual([['m0', 1, false, 500, 'HTTP 500'], ['m0', 2, true, 204, null]]);
      const delivered = await store.decisions.listNotifications('p1', { status: 'delivered', page: 1, page_size: 10 });
      expect(delivered).toMatchObject({ total: 1, rows: [{ notification_id: 'm0', attempt_count: 2, delivered_at: at + SEC, last_status_code: 204 }] });
      expect((await store.decisions.listCaseNotifications('p1', 'c6')).length).toBe(10);
      expect((await store.decisions.listNotifications('p2', { page: 1, page_size: 10 })).total).toBe(0);
    });

    it('keeps webhook destinations per project with unique names, rotates and deletes their secrets', async () => {
      const row = { project_id: 'p1', destination_id: 'w1', name: 'ops', url: 'https://hooks.example.com/a?token=x', secret: 'whsec_1', created_at: T0, updated_at: T0 };
      expect(await store.decisions.createWebhookDestination(row)).toEqual({ outcome: 'created', row });
      expect(await store.decisions.createWebhookDestination({ ...row, destination_id: 'w2' })).toEqual({ outcome: 'conflict' });
      expect((await store.decisions.createWebhookDestination({ ...row, project_id: 'p2', destination_id: 'w3' })).outcome).toBe('created');
      await store.decisions.createWebhookDestination({ ...row, destination_id: 'w4', name: 'audit' });
      expect((await store.decisions.listWebhookDestinations('p1')).map((d) => d.name)).toEqual(['audit', 'ops']);
      expect(await store.decisions.findWebhookDestination('p1', 'ops')).toEqual(row);
      expect(await store.decisions.findWebhookDestination('p1', 'w1')).toEqual(row);
      expect(await store.decisions.findWebhookDestination('p1', 'w3')).toBeNull();
      expect(await store.decisions.rotateWebhookSecret('p1', 'w1', 'whsec_2', T0 + SEC)).toEqual({ ...row, secret: 'whsec_2', updated_at: T0 + SEC });
      expect(await store.decisions.rotateWebhookSecret('p2', 'w1', 'whsec_3', T0 + SEC)).toBeNull();
      expect(await store.decisions.deleteWebhookDestination('p1', 'w1')).toBe(true);
      expect(await store.decisions.deleteWebhookDestination('p1', 'w1')).toBe(false);
      expect((await store.decisions.findWebhookDestination('p2', 'ops'))?.secret).toBe('whsec_1');
    });
  });
}
