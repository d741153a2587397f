/** Configuration of the decision engine: judge limits, judge connections, webhooks, outbound targets. Read from the environment once. */
import net from 'node:net';
import { z } from 'zod';
import { parseEnv } from '../env.js';
import { loadJudgeConnections, type JudgeConnection } from './judge-connections.js';
import type { OutboundSettings } from './outbound-guard.js';

const csv = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/, error: 'each entry must be an http(s) URL' })));
const optionalText = z.string().trim().optional().transform((v) => (v ? v : undefined));
const bool = z.enum(['true', 'false', '']).default('false').transform((v) => v === 'true');
const cidrs = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine((c) => {
    const [address, prefix, extra] = c.split('/');
    const family = net.isIP(address);
    const bits = prefix === undefined ? 0 : Number(prefix);
    return family !== 0 && extra === undefined && Number.isInteger(bits) && bits >= 0 && bits <= (family === 6 ? 128 : 32);
  }, { error: 'each entry must be a CIDR such as 10.1.0.0/16 or fd00::/8' })));

const schema = z.object({
  TRACEHUB_JUDGE_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TRACEHUB_JUDGE_MODEL: optionalText,
  TRACEHUB_JUDGE_API_KEY: optionalText,
  TRACEHUB_JUDGE_ALLOW_PRIVATE: bool,
  TRACEHUB_ALLOW_PRIVATE_TARGETS: bool,
  TRACEHUB_ALLOWED_TARGET_CIDRS: cidrs,
  TRACEHUB_JUDGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  TRACEHUB_JUDGE_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  TRACEHUB_JUDGE_MAX_LATENCY_MS: z.coerce.number().positive().default(10_000),
  TRACEHUB_JUDGE_MAX_TOKENS: z.coerce.number().int().positive().default(4_000),
  TRACEHUB_WEBHOOK_URLS: csv,
  TRACEHUB_WEBHOOK_SECRET: optionalText,
  TRACEHUB_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  TRACEHUB_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  TRACEHUB_WEBHOOK_MAX_BACKOFF_MS: z.coerce.number().int().min(1).max(86_400_000).default(600_000),
  TRACEHUB_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  TRACEHUB_WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
});

/** The default LLM judge (used when a policy names none). */
export interface DefaultJudge {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** The endpoint may be on a private or loopback address (TRACEHUB_JUDGE_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
}

/** Everything the decision engine is configured with. */
export interface DecisionConfig {
  /** Heuristic limits: response_payload.latency_ms / tokens above these set latency_exceeded / token_exceeded. */
  maxLatencyMs: number;
  maxTokens: number;
  /** The server-wide LLM judge; none by default. */
  judge?: DefaultJudge;
  judgeTimeoutMs: number;
  /** Retries of invalid judge output before falling back to ESCALATE / JUDGE_INVALID_OUTPUT. */
  judgeMaxRetries: number;
  webhookUrls: string[];
  /** HMAC-SHA256 key of TRACEHUB_WEBHOOK_URLS deliveries only (destinations have their own); unsigned without it. */
  webhookSecret?: string;
  webhookMaxAttempts: number;
  /** First retry delay; doubled per attempt up to webhookMaxBackoffMs, with ±20 % jitter. */
  webhookBackoffMs: number;
  webhookMaxBackoffMs: number;
  webhookTimeoutMs: number;
  /** How often the dispatcher looks for due notifications (it is also woken when one is queued). */
  webhookPollMs: number;
  /** Judge endpoints by name (`default` is the server-wide judge); policies refer to them by name. */
  connections: Record<string, JudgeConnection>;
  /** Which outbound targets (webhooks, judges) may be private or loopback addresses. */
  outbound: OutboundSettings;
}

/** The connection a policy's judge names (`default`: the server-wide judge), or undefined when not configured. */
export function findConnection(config: Pick<DecisionConfig, 'connections' | 'judge'>, name: string): JudgeConnection | undefined {
  if (Object.hasOwn(config.connections, name)) return config.connections[name];
  if (name === 'default' && config.judge) return { name, ...config.judge, allowPrivate: config.judge.allowPrivate ?? false, models: [config.judge.model] };
  return undefined;
}

/** Reads the decision engine's configuration; throws one readable line per bad variable. */
export function loadDecisionConfig(env: Record<string, string | undefined>): DecisionConfig {
  const e = parseEnv(schema, env);
  if ((e.TRACEHUB_JUDGE_BASE_URL && !e.TRACEHUB_JUDGE_MODEL) || (!e.TRACEHUB_JUDGE_BASE_URL && e.TRACEHUB_JUDGE_MODEL)) {
    throw new Error('Invalid configuration: set both TRACEHUB_JUDGE_BASE_URL and TRACEHUB_JUDGE_MODEL, or neither.');
  }
  const judge = e.TRACEHUB_JUDGE_BASE_URL && e.TRACEHUB_JUDGE_MODEL
    ? { baseUrl: e.TRACEHUB_JUDGE_BASE_URL, model: e.TRACEHUB_JUDGE_MODEL, apiKey: e.TRACEHUB_JUDGE_API_KEY, allowPrivate: e.TRACEHUB_JUDGE_ALLOW_PRIVATE }
    : undefined;
  return {
    maxLatencyMs: e.TRACEHUB_JUDGE_MAX_LATENCY_MS,
    maxTokens: e.TRACEHUB_JUDGE_MAX_TOKENS,
    judge,
    judgeTimeoutMs: e.TRACEHUB_JUDGE_TIMEOUT_MS,
    judgeMaxRetries: e.TRACEHUB_JUDGE_MAX_RETRIES,
    webhookUrls: e.TRACEHUB_WEBHOOK_URLS,
    webhookSecret: e.TRACEHUB_WEBHOOK_SECRET,
    webhookMaxAttempts: e.TRACEHUB_WEBHOOK_MAX_ATTEMPTS,
    webhookBackoffMs: e.TRACEHUB_WEBHOOK_BACKOFF_MS,
    webhookMaxBackoffMs: e.TRACEHUB_WEBHOOK_MAX_BACKOFF_MS,
    webhookTimeoutMs: e.TRACEHUB_WEBHOOK_TIMEOUT_MS,
    webhookPollMs: e.TRACEHUB_WEBHOOK_POLL_MS,
    connections: loadJudgeConnections(env, judge ? { ...judge, allowPrivate: judge.allowPrivate ?? false } : undefined),
    outbound: { allowPrivate: e.TRACEHUB_ALLOW_PRIVATE_TARGETS, allowCidrs: e.TRACEHUB_ALLOWED_TARGET_CIDRS },
  };
}
