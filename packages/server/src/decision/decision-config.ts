/** Configuration of the decision engine: judge limits, the default LLM judge, webhooks. Read from the environment once. */
import { z } from 'zod';
import { parseEnv } from '../env.js';

const csv = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/, error: 'each entry must be an http(s) URL' })));
const optionalText = z.string().trim().optional().transform((v) => (v ? v : undefined));

const schema = z.object({
  TRACEHUB_JUDGE_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TRACEHUB_JUDGE_MODEL: optionalText,
  TRACEHUB_JUDGE_API_KEY: optionalText,
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
  /** HMAC-SHA256 key of the x-tracehub-signature header; unsigned deliveries without it. */
  webhookSecret?: string;
  webhookMaxAttempts: number;
  /** First retry delay; doubled per attempt up to webhookMaxBackoffMs, with ±20 % jitter. */
  webhookBackoffMs: number;
  webhookMaxBackoffMs: number;
  webhookTimeoutMs: number;
  /** How often the dispatcher looks for due notifications (it is also woken when one is queued). */
  webhookPollMs: number;
  /** Where judge API keys named by policies (`api_key_env`) are looked up. */
  env: Record<string, string | undefined>;
}

/** Reads the decision engine's configuration; throws one readable line per bad variable. */
export function loadDecisionConfig(env: Record<string, string | undefined>): DecisionConfig {
  const e = parseEnv(schema, env);
  if ((e.TRACEHUB_JUDGE_BASE_URL && !e.TRACEHUB_JUDGE_MODEL) || (!e.TRACEHUB_JUDGE_BASE_URL && e.TRACEHUB_JUDGE_MODEL)) {
    throw new Error('Invalid configuration: set both TRACEHUB_JUDGE_BASE_URL and TRACEHUB_JUDGE_MODEL, or neither.');
  }
  return {
    maxLatencyMs: e.TRACEHUB_JUDGE_MAX_LATENCY_MS,
    maxTokens: e.TRACEHUB_JUDGE_MAX_TOKENS,
    judge: e.TRACEHUB_JUDGE_BASE_URL && e.TRACEHUB_JUDGE_MODEL
      ? { baseUrl: e.TRACEHUB_JUDGE_BASE_URL, model: e.TRACEHUB_JUDGE_MODEL, apiKey: e.TRACEHUB_JUDGE_API_KEY }
      : undefined,
    judgeTimeoutMs: e.TRACEHUB_JUDGE_TIMEOUT_MS,
    judgeMaxRetries: e.TRACEHUB_JUDGE_MAX_RETRIES,
    webhookUrls: e.TRACEHUB_WEBHOOK_URLS,
    webhookSecret: e.TRACEHUB_WEBHOOK_SECRET,
    webhookMaxAttempts: e.TRACEHUB_WEBHOOK_MAX_ATTEMPTS,
    webhookBackoffMs: e.TRACEHUB_WEBHOOK_BACKOFF_MS,
    webhookMaxBackoffMs: e.TRACEHUB_WEBHOOK_MAX_BACKOFF_MS,
    webhookTimeoutMs: e.TRACEHUB_WEBHOOK_TIMEOUT_MS,
    webhookPollMs: e.TRACEHUB_WEBHOOK_POLL_MS,
    env,
  };
}
