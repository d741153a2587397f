/**
 * Langfuse scores ↔ Trace Hub evaluations (docs/langfuse-compatibility.md). Pure functions used by
 * `score-create` ingestion events and the `/api/public/scores` routes.
 *
 * A score becomes one evaluation: NUMERIC → `score`; BOOLEAN → `passed` and `score` 0/1;
 * CATEGORICAL → `label` (its string value); TEXT → `label` too. The Langfuse-only fields (score id,
 * data type, config id, queue id, environment, the original source) are kept in the evaluation's
 * metadata under `langfuse.*` keys, next to the score's own metadata, and read back from there.
 */
import { evalInputSchema, type EvalInput, type EvalView } from '@tracehub/core';
import { InvalidError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';

/** Langfuse score data types. */
export type LangfuseScoreDataType = 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL' | 'TEXT';
/** Langfuse score sources. */
export type LangfuseScoreSource = 'API' | 'EVAL' | 'ANNOTATION';

/** The body of a Langfuse `score-create` event or `POST /api/public/scores` (Fern `ScoreBody`). */
export interface LangfuseScoreBody {
  id?: string | null;
  traceId?: string | null;
  sessionId?: string | null;
  observationId?: string | null;
  datasetRunId?: string | null;
  name: string;
  value: number | string;
  comment?: string | null;
  metadata?: unknown;
  dataType?: LangfuseScoreDataType | null;
  configId?: string | null;
  queueId?: string | null;
  environment?: string | null;
  source?: LangfuseScoreSource | string | null;
  timestamp?: string | null;
}

/** A Langfuse score as the public API answers it (Fern `Score`). */
export interface LangfuseScore {
  id: string;
  traceId: string;
  sessionId: null;
  observationId: string | null;
  datasetRunId: null;
  name: string;
  value: number | null;
  stringValue?: string;
  dataType: LangfuseScoreDataType;
  source: LangfuseScoreSource;
  timestamp: string;
  createdAt: string;
  updatedAt: string;
  authorUserId: null;
  comment: string | null;
  metadata: Record<string, unknown>;
  configId: string | null;
  queueId: string | null;
  environment: string;
}

/** The idempotency-key prefix of evaluations made from Langfuse scores (key = prefix + score id). */
export const LANGFUSE_SCORE_KEY_PREFIX = 'langfuse:score:';

const SOURCE_TO_TRACEHUB: Record<string, EvalInput['source']> = { API: 'api', EVAL: 'judge', ANNOTATION: 'human' };
const SOURCE_FROM_TRACEHUB: Record<string, LangfuseScoreSource> = {
  api: 'API', sdk: 'API', judge: 'EVAL', experiment: 'EVAL', human: 'ANNOTATION',
};
const DATA_TYPES = new Set(['NUMERIC', 'BOOLEAN', 'CATEGORICAL', 'TEXT']);
const META = {
  id: 'langfuse.score_id',
  dataType: 'langfuse.data_type',
  configId: 'langfuse.config_id',
  queueId: 'langfuse.queue_id',
  environment: 'langfuse.environment',
  source: 'langfuse.source',
  metadata: 'langfuse.metadata',
} as const;

/** Options of {@link langfuseScoreToEval}. */
export interface ScoreToEvalOptions {
  /** The score id when the body has none (e.g. the ingestion event id). */
  fallbackId?: string;
  /** Evaluation time (epoch ms or ISO) when the body has no `timestamp`. */
  time?: string | number;
}

/**
 * Maps a Langfuse score to an evaluation input, validated with Trace Hub's eval schema. Throws
 * InvalidError (→ 400, or an error entry in an ingestion batch) for a score Trace Hub cannot keep:
 * no `traceId` (session and dataset-run scores are not supported), a value that does not fit its
 * data type, or a field over Trace Hub's limits. The idempotency key is derived from the score id,
 * so a score sent again with the same id is reported as a duplicate and changes nothing.
 */
export function langfuseScoreToEval(body: LangfuseScoreBody, options: ScoreToEvalOptions = {}): EvalInput {
  if (!body || typeof body !== 'object') throw new InvalidError('a score must be an object');
  if (typeof body.name !== 'string' || body.name === '') throw new InvalidError('name: a score needs a name');
  if (!body.traceId) {
    throw new InvalidError(
      body.sessionId || body.datasetRunId
        ? 'traceId: Trace Hub keeps scores on traces only; session and dataset-run scores are not supported'
        : 'traceId: a score needs the traceId it rates',
    );
  }
  const dataType = scoreDataType(body);
  const value = body.value;
  const metadata: Record<string, unknown> = isRecord(body.metadata) ? { ...body.metadata } : {};
  if (body.metadata != null && !isRecord(body.metadata)) metadata[META.metadata] = body.metadata;
  const id = body.id ?? options.fallbackId;
  if (id) metadata[META.id] = id;
  metadata[META.dataType] = dataType;
  if (body.configId) metadata[META.configId] = body.configId;
  if (body.queueId) metadata[META.queueId] = body.queueId;
  if (body.environment) metadata[META.environment] = body.environment;
  if (body.source) metadata[META.source] = body.source;

  const raw: Record<string, unknown> = {
    trace_id: body.traceId,
    span_id: body.observationId ?? undefined,
    eval_name: body.name,
    comment: body.comment ?? undefined,
    metadata,
    source: SOURCE_TO_TRACEHUB[String(body.source ?? 'API').toUpperCase()] ?? 'api',
    eval_time: body.timestamp ?? options.time,
    idempotency_key: id ? `${LANGFUSE_SCORE_KEY_PREFIX}${id}` : undefined,
  };
  if (dataType === 'NUMERIC') raw.score = value;
  else if (dataType === 'BOOLEAN') {
    if (value !== 0 && value !== 1) throw new InvalidError('value: a BOOLEAN score must be 1 (true) or 0 (false)');
    raw.passed = value === 1;
    raw.score = value;
  } else raw.label = value;
  return parseWith(evalInputSchema, raw);
}

/** The data type: the one sent (checked against the value), else NUMERIC for numbers and CATEGORICAL for strings. */
function scoreDataType(body: LangfuseScoreBody): LangfuseScoreDataType {
  const value = body.value;
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new InvalidError('value: a score value must be a number or a string');
  }
  if (body.dataType == null) return typeof value === 'number' ? 'NUMERIC' : 'CATEGORICAL';
  const dataType = String(body.dataType).toUpperCase();
  if (!DATA_TYPES.has(dataType)) throw new InvalidError(`dataType: "${body.dataType}" is not NUMERIC, BOOLEAN, CATEGORICAL or TEXT`);
  const wantsNumber = dataType === 'NUMERIC' || dataType === 'BOOLEAN';
  if (wantsNumber !== (typeof value === 'number')) {
    throw new InvalidError(`value: a ${dataType} score needs a ${wantsNumber ? 'numeric' : 'string'} value`);
  }
  return dataType as LangfuseScoreDataType;
}

/** Maps a stored evaluation to a Langfuse score (an evaluation made elsewhere gets a type from its fields). */
export function evalToLangfuseScore(view: EvalView): LangfuseScore {
  const meta = view.metadata ?? {};
  const text = (key: string): string | null => (typeof meta[key] === 'string' ? (meta[key] as string) : null);
  const stored = text(META.dataType);
  const dataType: LangfuseScoreDataType =
    stored && DATA_TYPES.has(stored)
      ? (stored as LangfuseScoreDataType)
      : view.score == null && view.passed != null
        ? 'BOOLEAN'
        : view.score == null && view.label != null
          ? 'CATEGORICAL'
          : 'NUMERIC';
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) if (!Object.values(META).includes(key as never)) metadata[key] = value;
  const score: LangfuseScore = {
    id: text(META.id) ?? view.eval_id,
    traceId: view.trace_id,
    sessionId: null,
    observationId: view.span_id,
    datasetRunId: null,
    name: view.eval_name,
    value: numericValue(view, dataType),
    dataType,
    source: (text(META.source)?.toUpperCase() as LangfuseScoreSource | undefined) ?? SOURCE_FROM_TRACEHUB[view.source] ?? 'API',
    timestamp: view.eval_time,
    createdAt: view.eval_time,
    updatedAt: view.eval_time,
    authorUserId: null,
    comment: view.comment == null ? null : typeof view.comment === 'string' ? view.comment : JSON.stringify(view.comment),
    metadata,
    configId: text(META.configId),
    queueId: text(META.queueId),
    environment: text(META.environment) ?? 'default',
  };
  if (dataType === 'BOOLEAN') score.stringValue = (view.passed ?? view.score === 1) ? 'True' : 'False';
  else if (dataType === 'CATEGORICAL' || dataType === 'TEXT') score.stringValue = view.label ?? '';
  if (dataType === 'TEXT') score.value = null;
  return score;
}

function numericValue(view: EvalView, dataType: LangfuseScoreDataType): number {
  if (dataType === 'BOOLEAN') return view.passed != null ? (view.passed ? 1 : 0) : view.score ?? 0;
  if (dataType === 'CATEGORICAL') return view.score ?? 0;
  return view.score ?? (view.passed != null ? (view.passed ? 1 : 0) : 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
