/** Online evaluation rules as the API shows them: create, list, change, delete, backfill, and the model connections. */
import { randomUUID } from 'node:crypto';
import type { PriceTable } from '@tracehub/core';
import { microsToIso } from '@tracehub/core';
import { ConflictError, InvalidError, NotFoundError } from '../domain-errors.js';
import type { ModelConnections } from '../model-connections/model-connections.js';
import type { EvaluationRuleFields, EvaluationRuleRow, OnlineEvalStore } from '../storage/online-eval-store.js';
import type { TraceReadStore } from '../storage/store.js';
import { buildRuleEvaluators } from './rule-evaluators.js';
import { itemsFor, ONLINE_EVAL_ENVIRONMENT } from './rule-scan.js';
import type { AgreementQuery, BackfillBody, EvaluationRuleBody, EvaluationRulePatch } from '@tracehub/core';
import { judgeAgreement } from './judge-agreement.js';

/** Judge tokens assumed per call when estimating a backfill's cost (the rubric prompt, the trace and the verdict). */
export const ESTIMATE_TOKENS_PER_CALL = { input_tokens: 1_000, output_tokens: 200 };
/** The most traces one backfill considers. */
export const BACKFILL_LIMIT = 50_000;

const view = (r: EvaluationRuleRow, counts?: Record<string, number>) => ({
  id: r.rule_id, name: r.name, filter: JSON.parse(r.filter) as unknown, sampling_rate: r.sampling_rate,
  evaluators: JSON.parse(r.evaluators) as unknown, connection: r.connection, model: r.model, daily_cost_cap: r.daily_cost_cap,
  enabled: r.enabled === 1, version: r.version, created_at: microsToIso(r.created_at), updated_at: microsToIso(r.updated_at),
  ...(counts && { items: counts }),
});

/** What the service needs. */
export interface OnlineEvalServiceDeps {
  store: OnlineEvalStore;
  traces: Pick<TraceReadStore, 'getTraceSpans' | 'listEvals'>;
  connections: ModelConnections;
  prices: PriceTable;
  now: () => number;
}

/** Creates the service. */
export function createOnlineEvalService(deps: OnlineEvalServiceDeps) {
  const { store, now } = deps;
  const check = async (fields: Pick<EvaluationRuleRow, 'evaluators' | 'connection' | 'model'>) => {
    try {
      return await buildRuleEvaluators(fields, deps.connections, deps.prices, process.cwd());
    } catch (error) {
      throw new InvalidError(`The rule cannot run: ${(error as Error).message}`);
    }
  };
  const find = async (projectId: string, ruleId: string) => {
    const row = await store.getRule(projectId, ruleId);
    if (!row) throw new NotFoundError(`No evaluation rule ${ruleId}.`);
    return row;
  };
  return {
    async createRule(projectId: string, body: EvaluationRuleBody) {
      const at = now();
      const row: EvaluationRuleRow = {
        project_id: projectId, rule_id: randomUUID(), name: body.name, filter: JSON.stringify(body.filter), sampling_rate: body.sampling_rate,
        evaluators: JSON.stringify(body.evaluators), connection: body.connection, model: body.model ?? null,
        daily_cost_cap: body.daily_cost_cap ?? null, enabled: body.enabled ? 1 : 0, version: 1, created_at: at, updated_at: at,
      };
      await check(row);
      const created = await store.createRule(row);
      if (created.outcome === 'conflict') throw new ConflictError(`An evaluation rule named "${body.name}" exists already.`);
      return view(created.row);
    },
    async listRules(projectId: string) {
      return { rules: (await store.listRules(projectId)).map((r) => view(r)) };
    },
    async getRule(projectId: string, ruleId: string) {
      return view(await find(projectId, ruleId), await store.counts(projectId, ruleId));
    },
    async updateRule(projectId: string, ruleId: string, patch: EvaluationRulePatch) {
      const current = await find(projectId, ruleId);
      const fields: Partial<EvaluationRuleFields> = {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.filter !== undefined && { filter: JSON.stringify(patch.filter) }),
        ...(patch.sampling_rate !== undefined && { sampling_rate: patch.sampling_rate }),
        ...(patch.evaluators !== undefined && { evaluators: JSON.stringify(patch.evaluators) }),
        ...(patch.connection !== undefined && { connection: patch.connection }),
        ...(patch.model !== undefined && { model: patch.model }),
        ...(patch.daily_cost_cap !== undefined && { daily_cost_cap: patch.daily_cost_cap }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
      };
      await check({ ...current, ...fields });
      const updated = await store.updateRule(projectId, ruleId, fields, now());
      if (updated === 'conflict') throw new ConflictError(`An evaluation rule named "${patch.name}" exists already.`);
      if (!updated) throw new NotFoundError(`No evaluation rule ${ruleId}.`);
      return view(updated);
    },
    async deleteRule(projectId: string, ruleId: string) {
      if (!(await store.deleteRule(projectId, ruleId))) throw new NotFoundError(`No evaluation rule ${ruleId}.`);
      return { deleted: true };
    },
    /** Estimates (dry run) or queues the rule over traces that started in [from, to) and have no item for it yet. */
    async backfill(projectId: string, ruleId: string, body: BackfillBody) {
      const rule = await find(projectId, ruleId);
      const built = await check(rule);
      const at = now();
      const candidates = await store.candidates({
        project_id: projectId, rule_id: ruleId, startFrom: body.from, startTo: body.to, updatedBefore: at,
        excludeEnvironment: ONLINE_EVAL_ENVIRONMENT, limit: BACKFILL_LIMIT,
      });
      const items = await itemsFor(rule, candidates, deps.traces, 'backfill', at);
      const selected = items.filter((i) => i.status === 'pending').length;
      const judges = built.evaluators.filter((e) => e.type === 'llm_judge' || e.type === 'similarity').length;
      const perCall = deps.prices.cost(built.judgeModel, ESTIMATE_TOKENS_PER_CALL);
      const estimate = {
        traces_in_range: candidates.length, truncated: candidates.length === BACKFILL_LIMIT, traces_selected: selected,
        judge_calls: selected * judges, judge_model: built.judgeModel, assumed_tokens_per_call: ESTIMATE_TOKENS_PER_CALL,
        estimated_cost: perCall === null ? null : selected * judges * perCall,
        daily_cost_cap: rule.daily_cost_cap,
      };
      if (body.dry_run) return { dry_run: true, ...estimate };
      await store.addItems(items);
      return { dry_run: false, ...estimate, queued: selected };
    },
    /** Judge calibration: agreement of the judge scores named `name` with the human scores (judge-agreement.ts). */
    agreement(projectId: string, name: string, query: AgreementQuery) {
      return judgeAgreement(deps.traces, projectId, name, query);
    },
    /** The operator's connections by name, base URL and models (keys never leave the server). */
    listConnections() {
      return deps.connections.list();
    },
  };
}

/** The online evaluation service. */
export type OnlineEvalService = ReturnType<typeof createOnlineEvalService>;
