/** Turns candidate traces into a rule's work items: filter, then the deterministic sample. */
import { randomUUID } from 'node:crypto';
import type { CandidateTrace, EvaluationRuleRow, OnlineEvalItemRow } from '../storage/online-eval-store.js';
import type { TraceReadStore } from '../storage/store.js';
import { matches, needsSpans, sampled } from './rule-match.js';
import type { RuleFilter } from '@tracehub/core';

/** The environment of the traces that record judge calls; rules never pick them (no evaluation of evaluations). */
export const ONLINE_EVAL_ENVIRONMENT = 'tracehub-online-eval';

/** Which candidates the rule takes: every one gets an item, pending when matched and sampled, skipped otherwise. */
export async function itemsFor(
  rule: EvaluationRuleRow, candidates: CandidateTrace[], traces: Pick<TraceReadStore, 'getTraceSpans'>, source: 'live' | 'backfill', at: number,
): Promise<OnlineEvalItemRow[]> {
  const filter = JSON.parse(rule.filter) as RuleFilter;
  const items: OnlineEvalItemRow[] = [];
  for (const trace of candidates) {
    const spans = needsSpans(filter) ? await traces.getTraceSpans(rule.project_id, trace.trace_id) : [];
    const take = matches(filter, trace, spans) && sampled(rule.rule_id, trace.trace_id, rule.sampling_rate);
    items.push({
      item_id: randomUUID(), project_id: rule.project_id, rule_id: rule.rule_id, trace_id: trace.trace_id,
      status: take ? 'pending' : 'skipped', source, attempts: 0, next_attempt_at: at, lease_until: null, claim_token: null,
      error: null, cost: null, created_at: at, updated_at: at,
    });
  }
  return items;
}
