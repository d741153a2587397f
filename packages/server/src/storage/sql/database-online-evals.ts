/** The online evaluation tables (migration 0020) as Kysely table types; sql/database.ts adds them to `Database`. */
import type { EvaluationRuleRow, OnlineEvalItemRow } from '../online-eval-store.js';

/** Every online evaluation table, by name. */
export interface OnlineEvalTables {
  evaluation_rules: EvaluationRuleRow;
  online_eval_items: Omit<OnlineEvalItemRow, 'status'> & { status: string };
  online_eval_spend: { project_id: string; rule_id: string; day: string; cost: number };
}
