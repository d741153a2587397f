/**
 * The tables of the product features (decisions, prompts, datasets, users, experiments, webhooks)
 * as Kysely table types; sql/database.ts combines them with the trace tables into `Database`.
 * Same conventions as there: times are integer microseconds, JSON is text, booleans are `Flag`.
 */
import type { Generated } from 'kysely';
import type { ExperimentItemRow, ExperimentRow } from '../experiment-store.js';
import type { DatasetVersionRow } from '../dataset-store.js';
import type {
  CaseRow, DecisionRow, JudgeRunRow, NotificationAttemptRow, NotificationRow, PolicyRow, PolicyVersionRow, WebhookDestinationRow,
} from '../decision-store.js';
import type { Flag, WithDefaults, WithFlags } from './database-traces.js';

/** policies */
export type PoliciesTable = WithDefaults<PolicyRow, 'latest_version'>;

/** policy_versions; `definition` is JSON text. */
export type PolicyVersionsTable = PolicyVersionRow;

/** policy_activations */
export interface PolicyActivationsTable {
  seq: Generated<number>;
  project_id: string;
  policy_id: string;
  version: number;
  activated_at: number;
}

/** trace_decisions; `policies`, `rule`, `signals` are JSON text. */
export type TraceDecisionsTable = WithDefaults<WithFlags<DecisionRow, 'cached'>, 'policies'>;

/** judge_runs; `output` is JSON text. */
export type JudgeRunsTable = WithFlags<Omit<JudgeRunRow, 'judge'> & { judge: string }, 'valid' | 'cached'>;

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
export type NotificationsTable = WithDefaults<Omit<NotificationRow, 'status'> & { status: string }, 'attempt_count'>;

/** notification_attempts */
export type NotificationAttemptsTable = WithFlags<NotificationAttemptRow, 'ok'> & { attempt_id: Generated<number> };

/** webhook_destinations */
export type WebhookDestinationsTable = WebhookDestinationRow;

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
