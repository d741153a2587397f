/**
 * The tables of the product features (decisions, prompts, datasets, users, experiments, webhooks)
 * as Kysely table types; sql/database.ts combines them with the trace tables into `Database`.
 * Same conventions as there: times are integer microseconds, JSON is text, booleans are `Flag`.
 */
import type { Generated } from 'kysely';
import type { ExperimentItemRow, ExperimentRow } from '../experiment-store.js';
import type { DatasetVersionRow } from '../dataset-store.js';
import type { CaseRow } from '../decision-store.js';
import type { Flag } from './database-traces.js';

/** policies */
export interface PoliciesTable {
  project_id: string;
  policy_id: string;
  name: string;
  description: string | null;
  latest_version: Generated<number>;
  active_version: number | null;
  created_at: number;
  updated_at: number;
}

/** policy_versions; `definition` is JSON text. */
export interface PolicyVersionsTable {
  project_id: string;
  policy_id: string;
  version: number;
  description: string | null;
  definition: string;
  effective_from: number;
  created_at: number;
}

/** policy_activations */
export interface PolicyActivationsTable {
  seq: Generated<number>;
  project_id: string;
  policy_id: string;
  version: number;
  activated_at: number;
}

/** trace_decisions; `policies`, `rule`, `signals` are JSON text. */
export interface TraceDecisionsTable {
  decision_id: string;
  project_id: string;
  trace_id: string;
  action: string;
  reason_code: string;
  severity: string;
  policy_id: string | null;
  policy_name: string | null;
  policy_version: number | null;
  policies: Generated<string>;
  rule: string | null;
  judge_model: string;
  signals: string;
  cached: Flag;
  input_hash: string;
  latency_ms: number;
  idempotency_key: string | null;
  span_id: string;
  case_id: string | null;
  created_at: number;
}

/** judge_runs; `output` is JSON text. */
export interface JudgeRunsTable {
  run_id: string;
  project_id: string;
  decision_id: string;
  trace_id: string;
  judge: string;
  model: string;
  input_hash: string;
  output: string | null;
  valid: Flag;
  attempts: number;
  error: string | null;
  cached: Flag;
  latency_ms: number;
  input_tokens: number | null;
  output_tokens: number | null;
  created_at: number;
}

/** decision_cache; `result` is JSON text. */
export interface DecisionCacheTable {
  project_id: string;
  cache_key: string;
  result: string;
  created_at: number;
}

/** cases */
export type CasesTable = CaseRow;

/** notifications (webhook deliveries); `payload` is JSON text. */
export interface NotificationsTable {
  notification_id: string;
  project_id: string;
  case_id: string | null;
  event: string;
  url: string;
  payload: string;
  status: string;
  attempt_count: Generated<number>;
  max_attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
  destination_id: string | null;
}

/** notification_attempts */
export interface NotificationAttemptsTable {
  attempt_id: Generated<number>;
  notification_id: string;
  project_id: string;
  attempt: number;
  ok: Flag;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: number;
}

/** webhook_destinations */
export interface WebhookDestinationsTable {
  project_id: string;
  destination_id: string;
  name: string;
  url: string;
  secret: string;
  created_at: number;
  updated_at: number;
}

/** prompt_versions; `config` is JSON text. */
export interface PromptVersionsTable {
  project_id: string;
  name: string;
  version: number;
  type: string;
  prompt: string;
  config: Generated<string>;
  template_format: string;
  commit_message: string | null;
  content_hash: string;
  created_at: number;
}

/** prompt_labels */
export interface PromptLabelsTable {
  project_id: string;
  name: string;
  label: string;
  version: number;
  updated_at: number;
}

/** datasets; `metadata` is JSON text. */
export interface DatasetsTable {
  project_id: string;
  name: string;
  description: string | null;
  metadata: Generated<string>;
  latest_version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** dataset_versions: exactly the version rows the dataset store reads and writes. */
export type DatasetVersionsTable = DatasetVersionRow;

/** dataset_items: revisions valid over [valid_from, valid_to); `input`, `expected_output`, `metadata` are JSON text. */
export interface DatasetItemsTable {
  project_id: string;
  dataset_name: string;
  item_id: string;
  valid_from: number;
  valid_to: number | null;
  input: string;
  expected_output: string | null;
  metadata: Generated<string>;
  source_trace_id: string | null;
  source_span_id: string | null;
  status: string;
  content_hash: string;
  created_at: number;
}

/** users (after migration 0010: no global role, an instance-administrator flag). */
export interface UsersTable {
  user_id: string;
  username: string;
  password_hash: string;
  default_project_id: string | null;
  instance_admin: Generated<Flag>;
  created_at: number;
  updated_at: number;
}

/** user_sessions */
export interface UserSessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

/** project_members */
export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: string;
  created_at: number;
}

/** A stored row type whose columns `K` have a DEFAULT (optional on insert). */
type WithDefaults<Row, K extends keyof Row> = Omit<Row, K> & { [C in K]: Generated<Row[C]> };

/** experiments: the stored run (experiment-store.ts); `summary`, `metrics`, `config` are JSON text. */
export type ExperimentsTable = WithDefaults<ExperimentRow, 'summary' | 'metrics' | 'config'>;

/** experiment_items: the stored item (`passed` is INTEGER 1/0 on both backends); JSON columns are text. */
export type ExperimentItemsTable = WithDefaults<ExperimentItemRow, 'scores' | 'metadata'>;

/** Every product-feature table by name. */
export interface ProductTables {
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_activations: PolicyActivationsTable;
  trace_decisions: TraceDecisionsTable;
  judge_runs: JudgeRunsTable;
  decision_cache: DecisionCacheTable;
  cases: CasesTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  webhook_destinations: WebhookDestinationsTable;
  prompt_versions: PromptVersionsTable;
  prompt_labels: PromptLabelsTable;
  datasets: DatasetsTable;
  dataset_versions: DatasetVersionsTable;
  dataset_items: DatasetItemsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  project_members: ProjectMembersTable;
  experiments: ExperimentsTable;
  experiment_items: ExperimentItemsTable;
}
