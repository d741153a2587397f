/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
import { z } from 'zod';
import { playgroundRunBodySchema } from '../playground/playground-schema.js';
import { retentionBodySchema, traceRangeDeleteSchema } from '../retention/retention-service.js';
import { addItemsBodySchema, annotationQueueBodySchema, itemScoresBodySchema, itemToDatasetBodySchema } from '../annotation-queues/queue-schema.js';
import { agreementQuerySchema, backfillBodySchema, evaluationRuleBodySchema, evaluationRulePatchSchema } from '@tracehub/core';
import {
  alertListQuerySchema,
  alertRuleBodySchema,
  alertRulePatchSchema,
  createExperimentBodySchema,
  createExperimentResultSchema,
  comparisonMatrixSchema,
  experimentCompareQuerySchema,
  experimentComparisonSchema,
  experimentMatrixQuerySchema,
  experimentDetailSchema,
  experimentListQuerySchema,
  experimentListResponseSchema,
  evalsBodySchema,
  ingestResultSchema,
  ingestSpansBodySchema,
  ingestTracesBodySchema,
  langgraphRunBodySchema,
  sessionListQuerySchema,
  statsOverviewSchema,
  missQueriesQuerySchema,
  missQueriesSchema,
  statsQuerySchema,
  traceDetailSchema,
  traceListQuerySchema,
  traceListResponseSchema,
  policyBodySchema,
  activateQuerySchema,
  decideBodySchema,
  decideResponseSchema,
  caseListQuerySchema,
  caseTransitionBodySchema,
  caseDetailSchema,
  notificationListQuerySchema,
  webhookDestinationBodySchema,
  webhookDestinationViewSchema,
  webhookSecretAnswerSchema,
  policyViewSchema,
  createPromptBodySchema,
  createPromptResultSchema,
  promptLookupQuerySchema,
  promptVersionViewSchema,
  promoteBodySchema,
  renderPromptBodySchema,
  promptDiffQuerySchema,
  createDatasetBodySchema,
  uploadItemsBodySchema,
  uploadResultSchema,
  itemFromTraceBodySchema,
  datasetVersionQuerySchema,
  datasetDetailSchema,
  artifactListSchema,
  artifactManifestSchema,
  artifactViewSchema,
} from '@tracehub/core';
import {
  dashboardBodySchema,
  dashboardDataQuerySchema,
  dashboardDataResponseSchema,
  dashboardViewSchema,
  metricCatalogResponseSchema,
  metricPointsBodySchema,
  metricSeriesQuerySchema,
  metricSeriesResponseSchema,
} from '@tracehub/core';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  pathParams?: string[];
  auth?: boolean;
  /** Answers 204 with no body (and 404 when the resource is absent) instead of 200. */
  noContent?: boolean;
}

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/health', summary: 'The process is up', tag: 'operations', auth: false },
  { method: 'get', path: '/ready', summary: 'Database reachable and migrations applied', tag: 'operations', auth: false },
  { method: 'get', path: '/metrics', summary: 'Prometheus text format: server health and application figures; Authorization: Bearer <TRACEHUB_METRICS_TOKEN> when that is set (docs/monitoring.md)', tag: 'operations', auth: false },
  { method: 'post', path: '/api/v1/ingest/traces', summary: 'Upsert a trace and add its spans', tag: 'ingestion', body: ingestTracesBodySchema, response: ingestResultSchema },
  { method: 'post', path: '/api/v1/ingest/spans', summary: 'Append span events (START, END, LOG, ERROR, AMENDMENT)', tag: 'ingestion', body: ingestSpansBodySchema, response: ingestResultSchema },
  { method: 'post', path: '/api/v1/ingest/langgraph-runs', summary: 'Ingest a LangGraph run as a trace with one span per node', tag: 'ingestion', body: langgraphRunBodySchema, response: ingestResultSchema },
  { method: 'post', path: '/api/v1/evals', summary: 'Attach evaluation results to traces', tag: 'ingestion', body: evalsBodySchema, response: ingestResultSchema },
  { method: 'get', path: '/api/v1/traces', summary: 'List traces with filters, search, sort and pagination (a search counts at most 1,000 matches, or to the end of the page: then total_is_lower_bound)', tag: 'traces', query: traceListQuerySchema, response: traceListResponseSchema },
  { method: 'get', path: '/api/v1/traces/{trace_id}', summary: 'A trace with its span tree, timeline, evals, amendments and decisions', tag: 'traces', pathParams: ['trace_id'], response: traceDetailSchema },
  { method: 'delete', path: '/api/v1/traces/{trace_id}', summary: 'Delete a trace with its spans, events, evals, decisions, judge runs and cases; 204, 404 when absent (scope admin)', tag: 'traces', pathParams: ['trace_id'], noContent: true },
  { method: 'post', path: '/api/v1/traces/delete', summary: 'Delete the traces started in [from, to), optionally of one environment, name, user or session, with everything recorded about them; answers {deleted} (scope admin); docs/retention.md', tag: 'traces', body: traceRangeDeleteSchema },
  { method: 'get', path: '/api/v1/admin/retention', summary: "The project's trace and artifact retention days (scope admin); docs/retention.md", tag: 'retention' },
  { method: 'put', path: '/api/v1/admin/retention', summary: "Set the project's retention days (null: kept); enforced in the background (scope admin)", tag: 'retention', body: retentionBodySchema },
  { method: 'get', path: '/api/v1/admin/storage', summary: 'Disk use: database size and data-volume use (scope admin)', tag: 'retention' },
  { method: 'get', path: '/api/v1/traces/stats/overview', summary: 'Dashboard statistics over the last N hours', tag: 'traces', query: statsQuerySchema, response: statsOverviewSchema },
  { method: 'get', path: '/api/v1/miss-queries', summary: 'Top miss-queries: inputs of traces with failed evals, negative feedback, BLOCK/ESCALATE or errors, grouped by similar text', tag: 'traces', query: missQueriesQuerySchema, response: missQueriesSchema },
  { method: 'post', path: '/api/v1/policies', summary: 'Publish a policy version (JSON, or YAML with content-type application/yaml); a known name adds the next version (scope admin)', tag: 'decisions', body: policyBodySchema },
  { method: 'get', path: '/api/v1/policies', summary: 'List policies with the active and in-force versions', tag: 'decisions' },
  { method: 'get', path: '/api/v1/policies/{policy_id}', summary: 'One policy (by id or name)', tag: 'decisions', pathParams: ['policy_id'], response: policyViewSchema },
  { method: 'get', path: '/api/v1/policies/{policy_id}/versions', summary: 'Every immutable version of a policy', tag: 'decisions', pathParams: ['policy_id'] },
  { method: 'post', path: '/api/v1/policies/{policy_id}/activate', summary: 'Activate a version; it is used from its effective_from (scope admin)', tag: 'decisions', pathParams: ['policy_id'], query: activateQuerySchema, response: policyViewSchema },
  { method: 'post', path: '/api/v1/decide', summary: 'Judge a request/response of a trace under the policies in force (scope ingest)', tag: 'decisions', body: decideBodySchema, response: decideResponseSchema },
  { method: 'get', path: '/api/v1/cases', summary: 'Cases opened by ESCALATE decisions, newest first', tag: 'decisions', query: caseListQuerySchema },
  { method: 'get', path: '/api/v1/cases/{case_id}', summary: 'A case with its decision and every webhook delivery attempt', tag: 'decisions', pathParams: ['case_id'], response: caseDetailSchema },
  { method: 'post', path: '/api/v1/cases/{case_id}/ack', summary: 'open → acknowledged; otherwise 409 (scope ingest)', tag: 'decisions', pathParams: ['case_id'], body: caseTransitionBodySchema, response: caseDetailSchema },
  { method: 'post', path: '/api/v1/cases/{case_id}/resolve', summary: 'open or acknowledged → resolved; otherwise 409 (scope ingest)', tag: 'decisions', pathParams: ['case_id'], body: caseTransitionBodySchema, response: caseDetailSchema },
  { method: 'get', path: '/api/v1/notifications', summary: 'Webhook notifications with their delivery attempts', tag: 'decisions', query: notificationListQuerySchema },
  { method: 'post', path: '/api/v1/webhooks', summary: 'Create a webhook destination; its signing secret is answered this once (scope admin)', tag: 'decisions', body: webhookDestinationBodySchema, response: webhookSecretAnswerSchema },
  { method: 'get', path: '/api/v1/webhooks', summary: 'Webhook destinations (URL credentials masked unless admin; never the secret)', tag: 'decisions' },
  { method: 'get', path: '/api/v1/webhooks/{destination_id}', summary: 'One webhook destination (by id or name)', tag: 'decisions', pathParams: ['destination_id'], response: webhookDestinationViewSchema },
  { method: 'post', path: '/api/v1/webhooks/{destination_id}/rotate-secret', summary: 'A new signing secret, answered this once (scope admin)', tag: 'decisions', pathParams: ['destination_id'], response: webhookSecretAnswerSchema },
  { method: 'delete', path: '/api/v1/webhooks/{destination_id}', summary: 'Delete a webhook destination; its queued notifications fail (scope admin)', tag: 'decisions', pathParams: ['destination_id'] },
  { method: 'post', path: '/api/v1/alerts/rules', summary: 'Create an alert rule (scope admin); docs/alerts.md', tag: 'alerts', body: alertRuleBodySchema },
  { method: 'get', path: '/api/v1/alerts/rules', summary: 'Alert rules with their evaluation state', tag: 'alerts' },
  { method: 'get', path: '/api/v1/alerts/rules/{rule_id}', summary: 'One alert rule', tag: 'alerts', pathParams: ['rule_id'] },
  { method: 'patch', path: '/api/v1/alerts/rules/{rule_id}', summary: 'Change an alert rule (scope admin)', tag: 'alerts', pathParams: ['rule_id'], body: alertRulePatchSchema },
  { method: 'delete', path: '/api/v1/alerts/rules/{rule_id}', summary: 'Delete an alert rule; its firing alert is resolved, the history kept (scope admin)', tag: 'alerts', pathParams: ['rule_id'] },
  { method: 'get', path: '/api/v1/alerts', summary: 'Alerts (firing and resolved), newest first', tag: 'alerts', query: alertListQuerySchema },
  { method: 'post', path: '/api/v1/evaluation-rules', summary: 'Create an online evaluation rule (scope admin); docs/online-evaluators.md', tag: 'online-evals', body: evaluationRuleBodySchema },
  { method: 'get', path: '/api/v1/evaluation-rules', summary: 'Online evaluation rules', tag: 'online-evals' },
  { method: 'get', path: '/api/v1/evaluation-rules/{id}', summary: 'One rule with its items by status', tag: 'online-evals', pathParams: ['id'] },
  { method: 'patch', path: '/api/v1/evaluation-rules/{id}', summary: 'Change a rule; its version goes up (scope admin)', tag: 'online-evals', pathParams: ['id'], body: evaluationRulePatchSchema },
  { method: 'delete', path: '/api/v1/evaluation-rules/{id}', summary: 'Delete a rule and its queued items; stored scores stay (scope admin)', tag: 'online-evals', pathParams: ['id'] },
  { method: 'post', path: '/api/v1/evaluation-rules/{id}/backfill', summary: 'The rule over a past range: a cost estimate (dry_run, the default) or queue it (scope admin)', tag: 'online-evals', pathParams: ['id'], body: backfillBodySchema },
  { method: 'get', path: '/api/v1/evaluators/{name}/agreement', summary: "Judge calibration: the judge scores named {name} against the human scores (Cohen's kappa, correlation, confusion matrix, disagreements)", tag: 'online-evals', pathParams: ['name'], query: agreementQuerySchema },
  { method: 'get', path: '/api/v1/model-connections', summary: "The operator's model connections (never their keys)", tag: 'online-evals' },
  { method: 'post', path: '/api/v1/playground/runs', summary: 'Run a prompt against 1-4 model connections; the answers stream as NDJSON (scope ingest); docs/playground.md', tag: 'playground', body: playgroundRunBodySchema },
  { method: 'post', path: '/api/v1/annotation-queues', summary: 'Create an annotation queue with its score definitions (scope ingest); docs/annotation-queues.md', tag: 'annotation-queues', body: annotationQueueBodySchema },
  { method: 'get', path: '/api/v1/annotation-queues', summary: 'Annotation queues with item counts and progress per reviewer', tag: 'annotation-queues' },
  { method: 'get', path: '/api/v1/annotation-queues/{id}', summary: 'One queue with its progress and items', tag: 'annotation-queues', pathParams: ['id'] },
  { method: 'delete', path: '/api/v1/annotation-queues/{id}', summary: 'Delete a queue and its items; stored scores stay (scope admin)', tag: 'annotation-queues', pathParams: ['id'] },
  { method: 'post', path: '/api/v1/annotation-queues/{id}/items', summary: 'Queue traces or spans: trace_ids, items, or a trace-list filter (scope ingest)', tag: 'annotation-queues', pathParams: ['id'], body: addItemsBodySchema },
  { method: 'get', path: '/api/v1/annotation-queues/{id}/next', summary: "Lock and answer the caller's next item with input, output, context and existing scores (scope ingest)", tag: 'annotation-queues', pathParams: ['id'] },
  { method: 'post', path: '/api/v1/annotation-queues/{id}/items/{item_id}/scores', summary: 'Human scores, stored as evaluations with source human; optionally user_review_passed (scope ingest)', tag: 'annotation-queues', pathParams: ['id', 'item_id'], body: itemScoresBodySchema },
  { method: 'post', path: '/api/v1/annotation-queues/{id}/items/{item_id}/skip', summary: 'Pass over an item (scope ingest)', tag: 'annotation-queues', pathParams: ['id', 'item_id'] },
  { method: 'post', path: '/api/v1/annotation-queues/{id}/items/{item_id}/dataset-item', summary: 'Make the item a dataset item with its corrected expected output (scope ingest)', tag: 'annotation-queues', pathParams: ['id', 'item_id'], body: itemToDatasetBodySchema },
  { method: 'get', path: '/api/v1/sessions', summary: 'Conversations (traces grouped by session_id)', tag: 'sessions', query: sessionListQuerySchema },
  { method: 'get', path: '/api/v1/sessions/{session_id}', summary: "One conversation's traces in order", tag: 'sessions', pathParams: ['session_id'] },
  { method: 'get', path: '/api/v1/admin/projects', summary: 'List every project (signed-in instance administrators only; 403 for API keys)', tag: 'admin' },
  { method: 'post', path: '/api/v1/admin/projects', summary: 'Create a project and its first admin key; the creator becomes its admin member (instance administrators only)', tag: 'admin' },
  { method: 'get', path: '/api/v1/admin/projects/{project_id}/members', summary: "A project's members and roles (instance administrators and the project's admin members)", tag: 'admin', pathParams: ['project_id'] },
  { method: 'post', path: '/api/v1/admin/projects/{project_id}/members', summary: 'Add an existing user {username, role} to the project (instance administrators and its admin members)', tag: 'admin', pathParams: ['project_id'] },
  { method: 'put', path: '/api/v1/admin/projects/{project_id}/members/{user_id}', summary: "Set a member's role {role} (instance administrators and its admin members)", tag: 'admin', pathParams: ['project_id', 'user_id'] },
  { method: 'delete', path: '/api/v1/admin/projects/{project_id}/members/{user_id}', summary: 'Remove a member (instance administrators and its admin members)', tag: 'admin', pathParams: ['project_id', 'user_id'] },
  { method: 'get', path: '/api/v1/admin/keys', summary: "List this project's API keys", tag: 'admin' },
  { method: 'post', path: '/api/v1/admin/keys', summary: 'Create an API key (shown once)', tag: 'admin' },
  { method: 'delete', path: '/api/v1/admin/keys/{key_id}', summary: 'Revoke an API key', tag: 'admin', pathParams: ['key_id'] },
  { method: 'post', path: '/api/v1/auth/login', summary: 'Web UI sign-in {username, password}: sets the httpOnly session cookie and the CSRF cookie', tag: 'auth', auth: false },
  { method: 'post', path: '/api/v1/auth/logout', summary: 'End the web UI session', tag: 'auth' },
  { method: 'get', path: '/api/v1/auth/me', summary: "The caller, the current project, the role's scopes there and the caller's own projects (a key: only its project)", tag: 'auth' },
  { method: 'get', path: '/api/v1/users', summary: 'List web UI users with their projects (instance administrators only)', tag: 'users' },
  { method: 'post', path: '/api/v1/users', summary: 'Create a user {username, password, instance_admin?, memberships?} (instance administrators only)', tag: 'users' },
  { method: 'patch', path: '/api/v1/users/{user_id}', summary: "Change a user's instance-administrator flag, password or default project (instance administrators only)", tag: 'users', pathParams: ['user_id'] },
  { method: 'delete', path: '/api/v1/users/{user_id}', summary: 'Delete a user with their memberships and sessions (instance administrators only)', tag: 'users', pathParams: ['user_id'] },
  { method: 'post', path: '/api/v1/prompts', summary: 'Create a prompt version (identical content makes none; scope ingest)', tag: 'prompts', body: createPromptBodySchema, response: createPromptResultSchema },
  { method: 'get', path: '/api/v1/prompts', summary: 'List prompts: newest version and where each label points', tag: 'prompts' },
  { method: 'get', path: '/api/v1/prompts/{name}', summary: 'One version by label (default production) or version', tag: 'prompts', pathParams: ['name'], query: promptLookupQuerySchema, response: promptVersionViewSchema },
  { method: 'get', path: '/api/v1/prompts/{name}/versions', summary: 'Every version of a prompt', tag: 'prompts', pathParams: ['name'] },
  { method: 'post', path: '/api/v1/prompts/{name}/versions/{version}/labels', summary: 'Move labels onto a version (promote; scope ingest)', tag: 'prompts', pathParams: ['name', 'version'], body: promoteBodySchema, response: promptVersionViewSchema },
  { method: 'delete', path: '/api/v1/prompts/{name}/labels/{label}', summary: 'Remove a label (scope ingest)', tag: 'prompts', pathParams: ['name', 'label'] },
  { method: 'post', path: '/api/v1/prompts/{name}/render', summary: 'Render a version with variables; a missing variable is a 400 naming it', tag: 'prompts', pathParams: ['name'], body: renderPromptBodySchema },
  { method: 'get', path: '/api/v1/prompts/{name}/diff', summary: 'Unified diffs of template and config between two versions or labels', tag: 'prompts', pathParams: ['name'], query: promptDiffQuerySchema },
  { method: 'post', path: '/api/v1/datasets', summary: 'Create a dataset or update its description and metadata (scope ingest)', tag: 'datasets', body: createDatasetBodySchema },
  { method: 'get', path: '/api/v1/datasets', summary: 'List datasets with their latest version', tag: 'datasets' },
  { method: 'get', path: '/api/v1/datasets/{name}', summary: 'A dataset version (default the latest) with its items', tag: 'datasets', pathParams: ['name'], query: datasetVersionQuerySchema, response: datasetDetailSchema },
  { method: 'get', path: '/api/v1/datasets/{name}/versions', summary: 'Every immutable version with its sha256', tag: 'datasets', pathParams: ['name'] },
  { method: 'post', path: '/api/v1/datasets/{name}/items', summary: 'Upload items (merge or replace) as a new version; unchanged content makes none (scope ingest)', tag: 'datasets', pathParams: ['name'], body: uploadItemsBodySchema, response: uploadResultSchema },
  { method: 'post', path: '/api/v1/datasets/{name}/items/from-trace', summary: "Add an item from a trace's or span's input and output (scope ingest)", tag: 'datasets', pathParams: ['name'], body: itemFromTraceBodySchema, response: uploadResultSchema },
  { method: 'delete', path: '/api/v1/datasets/{name}/items/{item_id}', summary: 'Remove an item as a new version (scope ingest)', tag: 'datasets', pathParams: ['name', 'item_id'] },
  { method: 'post', path: '/api/v1/experiments', summary: 'Store an experiment run (link keys, summary, metrics) and add or replace its items by key (scope ingest)', tag: 'experiments', body: createExperimentBodySchema, response: createExperimentResultSchema },
  { method: 'get', path: '/api/v1/experiments', summary: 'List experiment runs, newest first', tag: 'experiments', query: experimentListQuerySchema, response: experimentListResponseSchema },
  { method: 'get', path: '/api/v1/experiments/compare', summary: 'Compare run b with run a: bootstrap intervals, McNemar, regressions', tag: 'experiments', query: experimentCompareQuerySchema, response: experimentComparisonSchema },
  { method: 'get', path: '/api/v1/experiments/matrix', summary: 'Compare 2–12 runs: prompts × models matrix, best marked, each run against the baseline (bootstrap, McNemar), pass@k and flakiness', tag: 'experiments', query: experimentMatrixQuerySchema, response: comparisonMatrixSchema },
  { method: 'get', path: '/api/v1/experiments/{run_id}', summary: 'An experiment run with its items and per-item scores', tag: 'experiments', pathParams: ['run_id'], response: experimentDetailSchema },
  { method: 'delete', path: '/api/v1/experiments/{run_id}', summary: 'Delete a run with its items and artifacts; 204, 404 when absent (scope ingest)', tag: 'experiments', pathParams: ['run_id'], noContent: true },
  { method: 'get', path: '/api/v1/experiments/{run_id}/artifacts', summary: "The run's artifacts: manifest.json and every file it lists, uploaded or not", tag: 'experiments', pathParams: ['run_id'], response: artifactListSchema },
  { method: 'put', path: '/api/v1/experiments/{run_id}/artifacts', summary: 'Register the manifest.json of the run\'s results folder, replacing an earlier upload (scope ingest)', tag: 'experiments', pathParams: ['run_id'], body: artifactManifestSchema, response: artifactListSchema },
  { method: 'delete', path: '/api/v1/experiments/{run_id}/artifacts', summary: "Delete the run's artifacts (scope ingest)", tag: 'experiments', pathParams: ['run_id'] },
  { method: 'put', path: '/api/v1/experiments/{run_id}/artifacts/{path}', summary: 'Upload one file the manifest lists (application/octet-stream; its size and sha256 must match; scope ingest)', tag: 'experiments', pathParams: ['run_id', 'path'], response: artifactViewSchema },
  { method: 'get', path: '/api/v1/experiments/{run_id}/artifacts/{path}', summary: 'Download one artifact (its own content type, as an attachment)', tag: 'experiments', pathParams: ['run_id', 'path'] },
  { method: 'post', path: '/v1/metrics', summary: 'OTLP/HTTP metrics export (protobuf or JSON): gauges, sums, histograms as application metric points (docs/custom-metrics.md; scope ingest)', tag: 'metrics' },
  { method: 'post', path: '/api/v1/metrics/points', summary: 'Application metric points from scripts and cron jobs: [{name, value, time?, labels?, unit?}] (scope ingest)', tag: 'metrics', body: metricPointsBodySchema },
  { method: 'get', path: '/api/v1/metrics/series', summary: 'One application metric bucketed over a window: agg avg|sum|min|max|last|count, label.<key>=<value> filters, group_by a label', tag: 'metrics', query: metricSeriesQuerySchema, response: metricSeriesResponseSchema },
  { method: 'get', path: '/api/v1/metrics', summary: 'Known application metric series (name and labels), most recently reported first', tag: 'metrics', response: metricCatalogResponseSchema },
  { method: 'get', path: '/api/v1/dashboards', summary: "The project's custom dashboards", tag: 'dashboards' },
  { method: 'post', path: '/api/v1/dashboards', summary: 'Create a custom dashboard (scope ingest)', tag: 'dashboards', body: dashboardBodySchema, response: dashboardViewSchema },
  { method: 'get', path: '/api/v1/dashboards/{dashboard_id}', summary: 'One custom dashboard', tag: 'dashboards', pathParams: ['dashboard_id'], response: dashboardViewSchema },
  { method: 'put', path: '/api/v1/dashboards/{dashboard_id}', summary: "Replace a dashboard's name, description and widgets (scope ingest)", tag: 'dashboards', pathParams: ['dashboard_id'], body: dashboardBodySchema, response: dashboardViewSchema },
  { method: 'delete', path: '/api/v1/dashboards/{dashboard_id}', summary: 'Delete a dashboard; 204, 404 when absent (scope ingest)', tag: 'dashboards', pathParams: ['dashboard_id'], noContent: true },
  { method: 'get', path: '/api/v1/dashboards/{dashboard_id}/data', summary: "Every widget's data over the last N hours", tag: 'dashboards', pathParams: ['dashboard_id'], query: dashboardDataQuerySchema, response: dashboardDataResponseSchema },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** Builds the document once. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = [
      ...(op.pathParams ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: jsonSchema(schema as z.ZodType, 'input'),
      })),
    ];
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth === false ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        ...(op.noContent
          ? { 204: { description: 'Done; no body' }, 404: { description: 'Not found in this project' } }
          : {
            200: {
              description: 'OK',
              ...(op.response ? { content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } } : {}),
            },
          }),
        ...(op.auth === false ? {} : { 401: { description: 'Missing or invalid API key' } }),
        400: { description: 'Validation error naming the field' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Trace Hub API', version: '0.1.0', description: 'Tracing, evaluation and decisions for LLM applications.' },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
        // The web UI: session cookie from POST /auth/login; changes also need the x-csrf-token header.
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tracehub_session' },
      },
    },
    security: [{ apiKey: [] }, { bearer: [] }, { sessionCookie: [] }],
    paths,
  };
}
