/**
 * Policy evaluation: a validated definition is compiled once into closures (regexes built once),
 * then evaluated against a context `{request, response, signals, trace}`. Pure, no I/O.
 */
import type { DecisionAction } from '../schemas/common.js';
import { compileOp } from './condition-ops.js';
import type { Condition, PolicyDefinition, Rule, Severity, WhenNode } from './policy-definition.js';

/** What rules see: `field` paths start at one of these roots. */
export interface PolicyContext {
  request: unknown;
  response: unknown;
  signals: unknown;
  trace: unknown;
}

/** A compiled rule. */
export interface CompiledRule {
  index: number;
  priority: number;
  rule: Rule;
  matches(context: PolicyContext): boolean;
}

/** A compiled policy definition, plus which `trace.*` paths its rules read. */
export interface CompiledPolicy {
  definition: PolicyDefinition;
  rules: CompiledRule[];
  /** Distinct `trace.…` field paths used by conditions (the decision cache keys on their values). */
  tracePaths: string[];
}

/** The outcome of evaluating one or more policies. */
export interface PolicyOutcome {
  action: DecisionAction;
  reason_code: string;
  severity: Severity;
  /** Which candidate (index into the list given to evaluatePolicies) and rule matched; null when none did. */
  match: { policy: number; rule: number; priority: number; metadata: Record<string, unknown> | null } | null;
}

/** The answer when no rule matches. */
const NO_MATCH_REASON = 'NO_RULE_MATCHED';

/** Reads a dotted path (`request.safety.content_filter`, `response.choices.0.text`); undefined when absent. */
export function readPath(root: unknown, segments: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

const isGroup = (node: WhenNode): node is { any: WhenNode[] } | { all: WhenNode[] } | { not: WhenNode } =>
  'any' in node || 'all' in node || 'not' in node;

function compileWhen(node: WhenNode, tracePaths: Set<string>): (context: PolicyContext) => boolean {
  if (isGroup(node)) {
    if ('not' in node) {
      const inner = compileWhen(node.not, tracePaths);
      return (c) => !inner(c);
    }
    if ('any' in node) {
      const parts = node.any.map((n) => compileWhen(n, tracePaths));
      return (c) => parts.some((p) => p(c));
    }
    const parts = node.all.map((n) => compileWhen(n, tracePaths));
    return (c) => parts.every((p) => p(c));
  }
  const condition = node as Condition;
  const segments = condition.field.split('.');
  if (segments[0] === 'trace') tracePaths.add(condition.field);
  const test = compileOp(condition.op, condition.value, condition.flags);
  return (c) => test(readPath(c, segments));
}

/** Compiles a validated definition. Throws only for a definition that did not pass policyDefinitionSchema. */
export function compilePolicy(definition: PolicyDefinition): CompiledPolicy {
  const tracePaths = new Set<string>();
  const rules = definition.rules.map((rule, index) => ({
    index,
    priority: rule.priority,
    rule,
    matches: compileWhen(rule.when, tracePaths),
  }));
  return { definition, rules, tracePaths: [...tracePaths].sort() };
}

/**
 * Evaluates policies together: among all matching rules the highest priority wins; ties go to the
 * earlier policy in `policies`, then the earlier rule. No match → ALLOW_ANSWER / NO_RULE_MATCHED.
 */
export function evaluatePolicies(policies: readonly CompiledPolicy[], context: PolicyContext): PolicyOutcome {
  let best: { policy: number; rule: CompiledRule } | null = null;
  policies.forEach((policy, p) => {
    for (const rule of policy.rules) {
      if (best && rule.priority <= best.rule.priority) continue;
      if (rule.matches(context)) best = { policy: p, rule };
    }
  });
  if (!best) return { action: 'ALLOW_ANSWER', reason_code: NO_MATCH_REASON, severity: 'low', match: null };
  const { policy, rule } = best as { policy: number; rule: CompiledRule };
  const then = rule.rule.then;
  return {
    action: then.action,
    reason_code: then.reason_code ?? then.action,
    severity: then.severity ?? 'medium',
    match: { policy, rule: rule.index, priority: rule.priority, metadata: rule.rule.metadata ?? null },
  };
}
