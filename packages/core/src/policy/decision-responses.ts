/** Answers of the decision engine's API, as zod schemas (used by tests, the OpenAPI document and clients). */
import { z } from 'zod';
import { decisionActionSchema } from '../schemas/common.js';
import { caseStatusSchema, notificationStatusSchema } from './decision-requests.js';
import { policyDefinitionSchema } from './policy-definition.js';

const time = z.string();
const nullableTime = z.string().nullable();

/** What the heuristic judge found (plus `llm` when an LLM judge answered). */
export const signalsSchema = z
  .object({
    pii: z.boolean(),
    pii_types: z.array(z.string()),
    prompt_injection: z.boolean(),
    injection_patterns: z.array(z.string()),
    latency_ms: z.number().nullable(),
    latency_exceeded: z.boolean(),
    tokens: z.number().nullable(),
    token_exceeded: z.boolean(),
    content_flagged: z.boolean(),
    content_flags: z.array(z.string()),
    llm: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type Signals = z.infer<typeof signalsSchema>;

/** One stored decision, as `/decide` answers it and the trace detail lists it. */
export const decisionViewSchema = z.object({
  decision_id: z.string(),
  trace_id: z.string(),
  action: decisionActionSchema,
  reason_code: z.string(),
  severity: z.string(),
  policy_id: z.string().nullable(),
  policy_name: z.string().nullable(),
  policy_version: z.number().nullable(),
  /** Every policy version that was evaluated. */
  policies: z.array(z.object({ policy_id: z.string(), name: z.string(), version: z.number() })),
  rule: z.object({ index: z.number(), priority: z.number(), metadata: z.record(z.string(), z.unknown()).nullable() }).nullable(),
  judge_model: z.string(),
  signals: signalsSchema,
  cached: z.boolean(),
  input_hash: z.string(),
  latency_ms: z.number(),
  idempotency_key: z.string().nullable(),
  span_id: z.string(),
  case_id: z.string().nullable(),
  created_at: time,
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

/** `POST /decide` answer: the decision, and whether it is a repeat of an idempotency key. */
export const decideResponseSchema = decisionViewSchema.extend({ duplicate: z.boolean() });
export type DecideResponse = z.infer<typeof decideResponseSchema>;

/** One judge run (heuristic or LLM) of a decision. */
export const judgeRunViewSchema = z.object({
  run_id: z.string(),
  decision_id: z.string(),
  trace_id: z.string(),
  judge: z.enum(['heuristic', 'llm']),
  model: z.string(),
  input_hash: z.string(),
  output: z.unknown(),
  valid: z.boolean(),
  attempts: z.number(),
  error: z.string().nullable(),
  cached: z.boolean(),
  latency_ms: z.number(),
  input_tokens: z.number().nullable(),
  output_tokens: z.number().nullable(),
  created_at: time,
});
export type JudgeRunView = z.infer<typeof judgeRunViewSchema>;

/** One delivery attempt of a webhook notification. */
export const notificationAttemptViewSchema = z.object({
  attempt: z.number(),
  ok: z.boolean(),
  status_code: z.number().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number(),
  created_at: time,
});
export type NotificationAttemptView = z.infer<typeof notificationAttemptViewSchema>;

/** A webhook notification with its delivery log. */
export const notificationViewSchema = z.object({
  notification_id: z.string(),
  case_id: z.string().nullable(),
  event: z.string(),
  url: z.string(),
  status: notificationStatusSchema,
  attempt_count: z.number(),
  max_attempts: z.number(),
  next_attempt_at: nullableTime,
  last_status_code: z.number().nullable(),
  last_error: z.string().nullable(),
  delivered_at: nullableTime,
  created_at: time,
  updated_at: time,
  attempts: z.array(notificationAttemptViewSchema),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

/** A case opened by an ESCALATE decision. */
export const caseViewSchema = z.object({
  case_id: z.string(),
  trace_id: z.string(),
  decision_id: z.string(),
  status: caseStatusSchema,
  severity: z.string(),
  reason_code: z.string(),
  policy_id: z.string().nullable(),
  policy_version: z.number().nullable(),
  note: z.string().nullable(),
  created_at: time,
  updated_at: time,
  acknowledged_at: nullableTime,
  acknowledged_by: z.string().nullable(),
  resolved_at: nullableTime,
  resolved_by: z.string().nullable(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/**
 * What the heuristic judge scanned for a case's decision (the strings of the request and response
 * payloads, joined by newlines) and where its PII and injection matches are (UTF-16 offsets).
 */
export const flaggedTextSchema = z.object({
  request: z.string(),
  response: z.string(),
  matches: z.array(
    z.object({ source: z.enum(['request', 'response']), kind: z.enum(['pii', 'injection']), type: z.string(), start: z.number(), end: z.number() }),
  ),
});
export type FlaggedText = z.infer<typeof flaggedTextSchema>;

/** `GET /cases/{id}` answer: the case, its decision, the rule that fired, the flagged text and its notifications with every attempt. */
export const caseDetailSchema = caseViewSchema.extend({
  decision: decisionViewSchema.nullable(),
  /** The rule of the policy version that decided (null without a rule: a fallback or no rule matched). */
  rule: z.record(z.string(), z.unknown()).nullable(),
  /** Null when the decision's judge span is gone (e.g. its trace was deleted). */
  flagged: flaggedTextSchema.nullable(),
  notifications: z.array(notificationViewSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** A policy as `GET /policies` lists it. */
export const policyViewSchema = z.object({
  policy_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  latest_version: z.number(),
  /** The most recently activated version (it may not be effective yet). */
  active_version: z.number().nullable(),
  /** The version in force now: the latest activation whose effective_from has passed. */
  effective_version: z.number().nullable(),
  created_at: time,
  updated_at: time,
});
export type PolicyView = z.infer<typeof policyViewSchema>;

/** One immutable policy version. */
export const policyVersionViewSchema = z.object({
  policy_id: z.string(),
  name: z.string(),
  version: z.number(),
  description: z.string().nullable(),
  effective_from: time,
  definition: policyDefinitionSchema,
  active: z.boolean(),
  in_force: z.boolean(),
  created_at: time,
});
export type PolicyVersionView = z.infer<typeof policyVersionViewSchema>;

/** A page of items. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), page: z.number(), page_size: z.number(), total: z.number() });

/** `GET /cases` answer. */
export const caseListResponseSchema = pageOf(caseViewSchema);
export type CaseListResponse = z.infer<typeof caseListResponseSchema>;
