/**
 * The policy DSL of SPEC §3 as zod schemas: rules with a priority, a `when` tree (`any` / `all` /
 * `not` over conditions `{field, op, value}`) and a `then` outcome. Validation errors carry the path
 * of the offending part (`definition.rules[0].when.any[1].op`).
 */
import { z } from 'zod';
import { decisionActionSchema } from '../schemas/common.js';
import { compilePolicyRegex } from './policy-regex.js';

/** Comparison operators of a condition. */
export const CONDITION_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'contains', 'regex', 'exists'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Roots a condition's dotted `field` path may start with. */
export const FIELD_ROOTS = ['request', 'response', 'signals', 'trace'] as const;

/** Deepest `when` nesting accepted (a guard against stack exhaustion, far beyond any real policy). */
export const MAX_WHEN_DEPTH = 64;

/** Longest regex pattern accepted in a policy. */
export const MAX_REGEX_PATTERN = 1000;

/** Severities a rule (or the judge) may assign. */
export const severitySchema = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof severitySchema>;

const fieldSchema = z
  .string()
  .min(1)
  .max(512)
  .refine((f) => (FIELD_ROOTS as readonly string[]).includes(f.split('.')[0]), {
    message: `must be a dotted path starting with ${FIELD_ROOTS.join(', ')} (e.g. signals.pii)`,
  })
  .refine((f) => !f.split('.').some((part) => part === ''), { message: 'must not contain empty path segments' });

/** One condition: compare the value at `field` with `value` using `op`. */
export const conditionSchema = z
  .strictObject({
    field: fieldSchema,
    op: z.enum(CONDITION_OPS),
    value: z.unknown().optional(),
    /** Regex flags for op `regex` (any of `i`, `m`, `s`, `u`); patterns use RE2 syntax (see policy-regex.ts). */
    flags: z.string().regex(/^[imsu]*$/, 'may only contain the regex flags i, m, s, u').optional(),
  })
  .superRefine((c, ctx) => {
    const issue = (message: string, path: string[] = ['value']) => ctx.addIssue({ code: 'custom', message, path });
    switch (c.op) {
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (typeof c.value !== 'number' && typeof c.value !== 'string') issue(`op ${c.op} needs a number or string value`);
        break;
      case 'in':
      case 'not_in':
        if (!Array.isArray(c.value)) issue(`op ${c.op} needs an array value`);
        break;
      case 'regex':
        if (typeof c.value !== 'string') issue('op regex needs a string pattern');
        else if (c.value.length > MAX_REGEX_PATTERN) issue(`the pattern is longer than ${MAX_REGEX_PATTERN} characters`);
        else {
          const compiled = compilePolicyRegex(c.value, c.flags ?? '');
          if (!compiled.ok) issue(`the pattern does not compile with RE2: ${compiled.reason}`);
        }
        break;
      case 'exists':
        if (c.value !== undefined && typeof c.value !== 'boolean') issue('op exists takes true, false or no value');
        break;
      default:
        if (c.value === undefined) issue(`op ${c.op} needs a value`);
    }
    if (c.flags !== undefined && c.op !== 'regex') issue('flags apply to op regex only', ['flags']);
  });
export type Condition = z.output<typeof conditionSchema>;

/** A node of a rule's `when` tree. */
export type WhenNode = { any: WhenNode[] } | { all: WhenNode[] } | { not: WhenNode } | Condition;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkWhen(node: unknown, path: (string | number)[], ctx: z.RefinementCtx, depth: number): void {
  const issue = (message: string, at = path) => ctx.addIssue({ code: 'custom', message, path: at });
  if (depth > MAX_WHEN_DEPTH) return issue(`is nested deeper than ${MAX_WHEN_DEPTH} levels`);
  if (!isObject(node)) return issue('must be an object: {any: [...]}, {all: [...]}, {not: {...}} or a condition {field, op, value}');
  const keys = Object.keys(node);
  const group = keys.find((k) => k === 'any' || k === 'all' || k === 'not');
  if (group) {
    if (keys.length !== 1) return issue(`"${group}" must be the only key of its object (found ${keys.join(', ')})`);
    const inner = node[group];
    if (group === 'not') return checkWhen(inner, [...path, 'not'], ctx, depth + 1);
    if (!Array.isArray(inner)) return issue(`"${group}" must be an array of conditions`, [...path, group]);
    inner.forEach((child, i) => checkWhen(child, [...path, group, i], ctx, depth + 1));
    return;
  }
  const parsed = conditionSchema.safeParse(node);
  if (!parsed.success) {
    for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: [...path, ...(i.path as (string | number)[])] });
  }
}

/** A `when` tree, validated recursively. */
export const whenSchema = z
  .unknown()
  .superRefine((node, ctx) => checkWhen(node, [], ctx, 0))
  .transform((node) => node as WhenNode);

/** What a matching rule decides. `reason_code` defaults to the action, `severity` to medium. */
export const ruleOutcomeSchema = z.strictObject({
  action: decisionActionSchema,
  reason_code: z.string().min(1).max(128).optional(),
  severity: severitySchema.optional(),
});
export type RuleOutcome = z.output<typeof ruleOutcomeSchema>;

/** One rule: the highest `priority` among matching rules wins (ties: earlier rule). */
export const ruleSchema = z.strictObject({
  id: z.string().min(1).max(128).optional(),
  description: z.string().max(2000).optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  when: whenSchema,
  then: ruleOutcomeSchema,
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type Rule = z.output<typeof ruleSchema>;

/** Names of operator-configured judge connections (lower-case letters, digits, `-`, `_`). */
export const CONNECTION_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Optional LLM judge of a policy: a connection the operator configured (default `default`, the
 * server-wide judge) and how to use it. `base_url` and `api_key_env` are parsed only so versions
 * stored before connections existed still load; the server refuses them when a policy is published.
 */
export const judgeConfigSchema = z.strictObject({
  connection: z.string().regex(CONNECTION_NAME_PATTERN, 'must name a judge connection the operator configured (e.g. "default")').optional(),
  /** Model to ask (default: the connection's model). */
  model: z.string().min(1).max(256).optional(),
  base_url: z.string().max(2048).optional(),
  api_key_env: z.string().max(256).optional(),
  /** Extra instructions appended to the judge's system prompt. */
  instructions: z.string().max(20_000).optional(),
  timeout_ms: z.number().int().min(100).max(300_000).optional(),
  /** How often invalid output is retried before falling back to ESCALATE (default 2). */
  max_retries: z.number().int().min(0).max(5).optional(),
  /** Ask for `response_format: {type: "json_object"}` (default true; turn off for servers without it). */
  json_mode: z.boolean().optional(),
});
export type JudgeConfig = z.output<typeof judgeConfigSchema>;

/** Per-policy heuristic limits, overriding the server's defaults. */
export const thresholdsSchema = z.strictObject({
  latency_ms: z.number().positive().optional(),
  tokens: z.number().int().positive().optional(),
});
export type Thresholds = z.output<typeof thresholdsSchema>;

/** A policy version's definition. */
export const policyDefinitionSchema = z.strictObject({
  rules: z.array(ruleSchema).max(1000),
  judge: judgeConfigSchema.optional(),
  thresholds: thresholdsSchema.optional(),
  /**
   * Names of webhook destinations (`POST /webhooks`) notified when this policy escalates, besides
   * TRACEHUB_WEBHOOK_URLS. URLs are parsed only so older stored versions load; publishing refuses them.
   */
  webhooks: z.array(z.string().min(1).max(2048)).max(20).optional(),
});
export type PolicyDefinition = z.output<typeof policyDefinitionSchema>;
