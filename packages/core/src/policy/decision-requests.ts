/** Request bodies and query strings of the decision engine's API (policies, decide, cases, notifications). */
import { z } from 'zod';
import { idSchema, idempotencyKeySchema } from '../schemas/common.js';
import { wireTime } from '../time.js';
import { policyDefinitionSchema } from './policy-definition.js';

/** A policy's name: what later versions are published under. */
export const policyNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^/\\\u0000-\u001f]+$/, 'must not contain slashes or control characters');

/**
 * Body of `POST /policies` (JSON or YAML). A new name creates the policy with version 1; an existing
 * name adds the next version. `active` (default true) activates the new version, which is used from
 * `effective_from` (default: now).
 */
export const policyBodySchema = z.strictObject({
  name: policyNameSchema,
  description: z.string().max(4000).nullable().optional(),
  effective_from: wireTime.optional(),
  active: z.boolean().default(true),
  definition: policyDefinitionSchema,
});
export type PolicyBody = z.output<typeof policyBodySchema>;

/** Query of `POST /policies/{id}/activate`. */
export const activateQuerySchema = z.object({
  version: z.coerce.number({ error: 'must be a version number, e.g. ?version=2' }).int().min(1),
});

/** Body of `POST /decide`. Without `policy_id` every policy in force in the project is evaluated. */
export const decideBodySchema = z.object({
  trace_id: idSchema,
  request_payload: z.record(z.string(), z.unknown()).default({}),
  response_payload: z.record(z.string(), z.unknown()).default({}),
  idempotency_key: idempotencyKeySchema.optional(),
  /** A policy id or name. */
  policy_id: z.string().min(1).max(128).optional(),
});
export type DecideBody = z.output<typeof decideBodySchema>;

/** States of a case: open → acknowledged → resolved (open → resolved is allowed too). */
export const caseStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Delivery states of a webhook notification. */
export const notificationStatusSchema = z.enum(['pending', 'delivering', 'delivered', 'failed']);
export type NotificationStatus = z.infer<typeof notificationStatusSchema>;

const page = z.coerce.number().int().min(1).max(1_000_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

/** Query of `GET /cases`. */
export const caseListQuerySchema = z.object({
  status: caseStatusSchema.optional(),
  trace_id: idSchema.optional(),
  page,
  page_size: pageSize,
});
export type CaseListQuery = z.output<typeof caseListQuerySchema>;

/** Optional body of `POST /cases/{id}/ack` and `/resolve`. */
export const caseTransitionBodySchema = z
  .strictObject({ note: z.string().max(4000).optional(), by: z.string().max(256).optional() })
  .default({});

/** Query of `GET /notifications`. */
export const notificationListQuerySchema = z.object({
  status: notificationStatusSchema.optional(),
  case_id: z.string().min(1).max(128).optional(),
  page,
  page_size: pageSize,
});
export type NotificationListQuery = z.output<typeof notificationListQuerySchema>;
