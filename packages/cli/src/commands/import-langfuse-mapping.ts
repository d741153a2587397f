/**
 * Langfuse public-API answers (Fern shapes) → Trace Hub API bodies, for `tracehub import langfuse`.
 * Pure functions. The attribute keys are the ones Trace Hub's own Langfuse ingestion writes
 * (`langfuse.observation.*`), so imported traces read back through `/api/public` as they were;
 * span types and token counts come from core's Langfuse rules (langfuseSpanType, spanUsageOf), and
 * dataset names and metadata from the server's Langfuse dataset mapping (a Langfuse name Trace Hub
 * does not allow, such as a `/` folder, gets the same Trace Hub name as through `/api/public`).
 */
import { canonicalJson, langfuseSpanType, spanUsageOf } from '@tracehub/core';
import { datasetMetadata, toTraceHubMetadata, traceHubDatasetName } from '@tracehub/server/langfuse-datasets';

/** A Langfuse prompt version (`GET /api/public/v2/prompts/{name}?version=N`). */
export interface LangfusePrompt {
  name: string;
  version: number;
  type?: 'text' | 'chat';
  prompt: string | Array<Record<string, unknown>>;
  config?: unknown;
  labels?: string[];
  tags?: string[];
  commitMessage?: string | null;
}

/** A Langfuse dataset (`GET /api/public/v2/datasets`). */
export interface LangfuseDataset {
  id?: string;
  name: string;
  description?: string | null;
  metadata?: unknown;
}

/** A Langfuse dataset item (`GET /api/public/dataset-items`). */
export interface LangfuseDatasetItem {
  id: string;
  status?: 'ACTIVE' | 'ARCHIVED';
  input?: unknown;
  expectedOutput?: unknown;
  metadata?: unknown;
  sourceTraceId?: string | null;
  sourceObservationId?: string | null;
}

/** A Langfuse observation (`observations` of `GET /api/public/traces/{id}`). */
export interface LangfuseObservation {
  id: string;
  traceId?: string | null;
  type: string;
  name?: string | null;
  startTime: string;
  endTime?: string | null;
  completionStartTime?: string | null;
  model?: string | null;
  modelParameters?: unknown;
  input?: unknown;
  output?: unknown;
  metadata?: unknown;
  level?: string | null;
  statusMessage?: string | null;
  parentObservationId?: string | null;
  version?: string | null;
  environment?: string | null;
  promptName?: string | null;
  promptVersion?: number | null;
  usage?: { input?: number | null; output?: number | null; total?: number | null } | null;
  usageDetails?: Record<string, number> | null;
  costDetails?: Record<string, number> | null;
}

/** A Langfuse score (`scores` of `GET /api/public/traces/{id}`). */
export interface LangfuseScore {
  id: string;
  traceId?: string | null;
  observationId?: string | null;
  name: string;
  value?: number | null;
  stringValue?: string | null;
  dataType?: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL' | 'TEXT';
  source?: string;
  comment?: string | null;
  metadata?: unknown;
  environment?: string | null;
  timestamp?: string;
}

/** A Langfuse trace with its observations and scores (`GET /api/public/traces/{id}`). */
export interface LangfuseTrace {
  id: string;
  timestamp: string;
  name?: string | null;
  input?: unknown;
  output?: unknown;
  sessionId?: string | null;
  userId?: string | null;
  release?: string | null;
  version?: string | null;
  environment?: string | null;
  metadata?: unknown;
  tags?: string[] | null;
  latency?: number | null;
  observations?: LangfuseObservation[];
  scores?: LangfuseScore[];
}

/** Where imported idempotency keys start: `langfuse-import:<kind>:<Langfuse id>`. */
export const IMPORT_KEY_PREFIX = 'langfuse-import:';

/** The config key that holds a prompt's Langfuse tags (as Trace Hub's `/api/public/v2/prompts` stores them). */
const TAGS_KEY = 'langfuse_tags';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const objectOr = (value: unknown, key: string): Record<string, unknown> => (value == null ? {} : isRecord(value) ? { ...value } : { [key]: value });

/** A Trace Hub prompt version body (without labels: they are set once every version exists). */
export interface PromptContent {
  name: string;
  type: 'text' | 'chat';
  prompt: string | Array<{ role: string; content: string }>;
  config: Record<string, unknown>;
  template_format: 'mustache';
  commit_message?: string | null;
}

/**
 * The Trace Hub version of a Langfuse prompt version: a Mustache template (Langfuse's `{{var}}`),
 * tags kept in the config. Throws for what Trace Hub cannot hold (chat placeholders).
 */
export function promptContent(p: LangfusePrompt): PromptContent {
  const config = isRecord(p.config) ? { ...p.config } : {};
  if (p.tags && p.tags.length > 0) config[TAGS_KEY] = p.tags;
  const type = p.type ?? (typeof p.prompt === 'string' ? 'text' : 'chat');
  let prompt: PromptContent['prompt'];
  if (typeof p.prompt === 'string') prompt = p.prompt;
  else {
    prompt = p.prompt.map((m, i) => {
      if (typeof m.role !== 'string' || typeof m.content !== 'string') {
        throw new Error(`message ${i + 1} is a ${String(m.type ?? 'non-text')} message; Trace Hub chat prompts hold only {role, content} messages`);
      }
      return { role: m.role, content: m.content };
    });
  }
  return { name: p.name, type, prompt, config, template_format: 'mustache', commit_message: p.commitMessage ?? null };
}

/** What decides whether two prompt versions are the same (as Trace Hub's content hash does). */
export function promptKey(v: { type: string; prompt: unknown; config: unknown; template_format: string }): string {
  return canonicalJson({ type: v.type, prompt: v.prompt, config: v.config, template_format: v.template_format });
}

/** The labels a version carries in Langfuse that Trace Hub can be asked to set (never `latest`). */
export function settableLabels(p: LangfusePrompt): string[] {
  return (p.labels ?? []).filter((l) => l !== 'latest');
}

/** `POST /datasets` body of a Langfuse dataset, under its Trace Hub name. */
export function datasetBody(d: LangfuseDataset) {
  return { name: traceHubDatasetName(d.name), description: d.description ?? null, metadata: datasetMetadata(d.name, toTraceHubMetadata(d.metadata)) };
}

/** A Trace Hub dataset item of a Langfuse one (same id; ACTIVE/ARCHIVED → active/archived). */
export function datasetItem(item: LangfuseDatasetItem) {
  return {
    id: item.id,
    input: item.input ?? null,
    expected_output: item.expectedOutput ?? null,
    metadata: toTraceHubMetadata(item.metadata),
    source_trace_id: item.sourceTraceId ?? null,
    source_span_id: item.sourceObservationId ?? null,
    status: item.status === 'ARCHIVED' ? 'archived' : 'active',
  };
}

function spanOf(o: LangfuseObservation) {
  const type = o.type.toUpperCase();
  const usageDetails = o.usageDetails && Object.keys(o.usageDetails).length > 0
    ? o.usageDetails
    : o.usage && (o.usage.input != null || o.usage.output != null)
      ? { input: o.usage.input ?? 0, output: o.usage.output ?? 0, ...(o.usage.total != null ? { total: o.usage.total } : {}) }
      : undefined;
  const costDetails = o.costDetails && Object.keys(o.costDetails).length > 0 ? o.costDetails : undefined;
  const attributes: Record<string, unknown> = objectOr(o.metadata, 'langfuse.observation.metadata');
  const set = (key: string, value: unknown) => {
    if (value != null) attributes[key] = value;
  };
  set('langfuse.observation.type', type);
  set('langfuse.observation.model.parameters', isRecord(o.modelParameters) && Object.keys(o.modelParameters).length === 0 ? null : o.modelParameters);
  set('langfuse.observation.completion_start_time', o.completionStartTime);
  set('langfuse.observation.prompt.name', o.promptName);
  set('langfuse.observation.prompt.version', o.promptVersion);
  set('langfuse.observation.usage_details', usageDetails);
  set('langfuse.observation.cost_details', costDetails);
  set('langfuse.environment', o.environment);
  set('langfuse.version', o.version);
  const { model: _model, ...usage } = spanUsageOf({
    'langfuse.observation.usage_details': usageDetails,
    'langfuse.observation.cost_details': costDetails,
  });
  const level = o.level ? o.level.toUpperCase() : undefined;
  return {
    span_id: o.id,
    parent_span_id: o.parentObservationId ?? null,
    name: o.name || type.toLowerCase(),
    span_type: langfuseSpanType(type),
    status: level === 'ERROR' ? ('error' as const) : ('success' as const),
    start_time: o.startTime,
    end_time: o.endTime ?? o.startTime,
    ...(o.model ? { model: o.model } : {}),
    ...(o.input !== undefined ? { input: o.input } : {}),
    ...(o.output !== undefined ? { output: o.output } : {}),
    attributes,
    ...usage,
    ...(level ? { level } : {}),
    ...(o.statusMessage ? { status_message: o.statusMessage } : {}),
  };
}

/** When the trace ended: its latency after its start, else the last observation's end. */
function traceEnd(t: LangfuseTrace): string {
  if (typeof t.latency === 'number' && t.latency >= 0) return new Date(Date.parse(t.timestamp) + Math.round(t.latency * 1000)).toISOString();
  const ends = (t.observations ?? []).map((o) => Date.parse(o.endTime ?? o.startTime)).filter(Number.isFinite);
  return new Date(Math.max(Date.parse(t.timestamp), ...ends)).toISOString();
}

/** `POST /ingest/traces` body of a Langfuse trace and its observations, keyed by the trace id. */
export function traceBody(t: LangfuseTrace) {
  const spans = (t.observations ?? []).map(spanOf);
  const attributes = objectOr(t.metadata, 'langfuse.trace.metadata');
  return {
    trace: {
      trace_id: t.id,
      ...(t.name ? { name: t.name } : {}),
      status: spans.some((s) => s.status === 'error') ? ('error' as const) : ('success' as const),
      start_time: t.timestamp,
      end_time: traceEnd(t),
      ...(t.environment ? { environment: t.environment } : {}),
      ...(t.userId ? { user_id: t.userId } : {}),
      ...(t.sessionId ? { session_id: t.sessionId } : {}),
      ...(t.input != null ? { input_text: asText(t.input) } : {}),
      ...(t.output != null ? { output_text: asText(t.output) } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
      ...(t.tags && t.tags.length > 0 ? { tags: t.tags } : {}),
      ...(t.release ? { release: t.release } : {}),
      ...(t.version ? { version: t.version } : {}),
    },
    spans,
    allow_missing_parent: true,
    idempotency_key: `${IMPORT_KEY_PREFIX}trace:${t.id}`,
  };
}

const SCORE_SOURCES: Record<string, string> = { ANNOTATION: 'human', EVAL: 'judge' };

/**
 * `POST /evals` item of a Langfuse score, as Trace Hub's own `/api/public/scores` makes it: NUMERIC →
 * score, BOOLEAN → score and passed, CATEGORICAL/TEXT → label; the Langfuse-only fields in
 * `langfuse.*` metadata; the same idempotency key (`langfuse:score:<id>`), so a score is one evaluation
 * however it arrived.
 */
export function evalOf(s: LangfuseScore, traceId: string) {
  const type = s.dataType ?? (s.stringValue != null && s.value == null ? 'CATEGORICAL' : 'NUMERIC');
  const value = typeof s.value === 'number' && Number.isFinite(s.value) ? s.value : undefined;
  const text = s.stringValue ?? (value !== undefined ? String(value) : undefined);
  const metadata: Record<string, unknown> = { ...toTraceHubMetadata(s.metadata), 'langfuse.score_id': s.id, 'langfuse.data_type': type };
  if (s.source) metadata['langfuse.source'] = s.source;
  if (s.environment) metadata['langfuse.environment'] = s.environment;
  return {
    trace_id: s.traceId ?? traceId,
    ...(s.observationId ? { span_id: s.observationId } : {}),
    eval_name: s.name,
    ...(type === 'NUMERIC' || type === 'BOOLEAN' ? { score: value } : {}),
    ...(type === 'BOOLEAN' ? { passed: value === 1 } : {}),
    ...(type === 'CATEGORICAL' || type === 'TEXT' ? { label: text?.slice(0, 256) } : {}),
    ...(s.comment ? { comment: s.comment } : {}),
    metadata,
    source: SCORE_SOURCES[(s.source ?? '').toUpperCase()] ?? 'api',
    ...(s.timestamp ? { eval_time: s.timestamp } : {}),
    idempotency_key: `langfuse:score:${s.id}`,
  };
}
