/**
 * Delivers webhook notifications from the database: claims due rows (atomically, so several servers
 * can share a PostgreSQL database), POSTs the stored body signed with HMAC-SHA256 (the destination's
 * own secret; TRACEHUB_WEBHOOK_SECRET for TRACEHUB_WEBHOOK_URLS) through the outbound guard, logs every
 * attempt, and reschedules failures with capped exponential backoff and jitter. Pending rows survive
 * a restart; a row whose delivery was cut off by a crash is claimed again when its lease expires.
 */
import type { DecisionStore, NotificationRow } from '../storage/decision-store.js';
import type { DecisionConfig } from './decision-config.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';
import { createOutboundGuard, type OutboundGuard } from './outbound-guard.js';
import { createGuardedFetch, TargetRefusedError } from './guarded-fetch.js';
import { maskUrl, shortReason } from './outbound-text.js';
import { parseRetryAfter, PLUS_MINUS_20_JITTER, retryDelayMs as coreRetryDelayMs } from '@tracehub/core';

/** Logger subset the dispatcher uses (pino-compatible). */
export interface DispatcherLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the dispatcher needs. */
export interface DispatcherDeps {
  store: DecisionStore;
  config: Pick<DecisionConfig, 'webhookUrls' | 'webhookSecret' | 'webhookBackoffMs' | 'webhookMaxBackoffMs' | 'webhookTimeoutMs' | 'webhookPollMs' | 'outbound'>;
  /** Which targets may be reached (default: one built from config.outbound). */
  guard?: OutboundGuard;
  log: DispatcherLog;
  /** Clock in microseconds (default: system clock). */
  now?: () => number;
  /** Random number in [0, 1) for jitter (default Math.random). */
  random?: () => number;
}

/** A running dispatcher. */
export interface NotificationDispatcher {
  /** Looks for due notifications now (called when new ones are queued). */
  poke(): void;
  /** Stops after the deliveries in flight; runs once. */
  stop(): Promise<void>;
}

const BATCH = 16;
const MIN_WAIT_MS = 5;

/**
 * Delay before attempt `attempt + 1` after `attempt` failed: core's retry policy with base × 2^(attempt−1),
 * capped, ±20 % jitter, at least Retry-After (itself capped).
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number, retryAfterMs?: number | null): number {
  return coreRetryDelayMs(attempt - 1, { baseMs, maxMs, jitter: PLUS_MINUS_20_JITTER, random }, retryAfterMs);
}

/** Starts the dispatcher loop (timers unref()'d, so it never keeps the process alive). */
export function startNotificationDispatcher(deps: DispatcherDeps): NotificationDispatcher {
  const { store, config, log } = deps;
  const now = deps.now ?? (() => Date.now() * 1000);
  const random = deps.random ?? Math.random;
  const leaseMicros = (config.webhookTimeoutMs + 30_000) * 1000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let warnedUnsigned = false;
  const guard = deps.guard ?? createOutboundGuard(config.outbound);
  const post = createGuardedFetch(guard);
  // The operator's own URLs are not refused when read, but their deliveries would be: say so once, at start.
  for (const url of config.webhookUrls) {
    void guard.checkUrl(url).then((refusal) => {
      if (refusal) log.warn({ url: maskUrl(url) }, `TRACEHUB_WEBHOOK_URLS entry will be refused: ${refusal}`);
    });
  }

  /** The key signing `n`: its destination's secret, or the global one; null when its destination was deleted. */
  async function signingKey(n: NotificationRow): Promise<{ secret?: string } | null> {
    if (!n.destination_id) return { secret: config.webhookSecret };
    const destination = await store.findWebhookDestination(n.project_id, n.destination_id);
    return destination && destination.destination_id === n.destination_id ? { secret: destination.secret } : null;
  }

  async function deliver(n: NotificationRow): Promise<void> {
    const attempt = n.attempt_count + 1;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'TraceHub-Webhook/1',
      'x-tracehub-event': n.event,
      'x-tracehub-delivery': n.notification_id,
      'x-tracehub-attempt': String(attempt),
      [TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)),
    };
    const key = await signingKey(n);
    if (key?.secret) headers[SIGNATURE_HEADER] = signWebhook(key.secret, n.payload);
    else if (key && !warnedUnsigned) {
      warnedUnsigned = true;
      log.warn({ url: maskUrl(n.url) }, 'TRACEHUB_WEBHOOK_SECRET is not set: webhooks are sent without an x-tracehub-signature header');
    }
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    let wait: number | null = null;
    // A deleted destination, a refused target or a non-retryable answer stays so: no retries.
    let final = !key;
    if (!key) error = 'the webhook destination was deleted';
    else try {
      const response = await post(n.url, {
        method: 'POST', headers, body: n.payload, redirect: 'manual', signal: AbortSignal.timeout(config.webhookTimeoutMs),
      });
      status = response.status;
      wait = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      await response.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) {
        // Every non-2xx answer is retried until max_attempts (a receiver being redeployed answers 404
        // or 502 for a while; the x-tracehub-delivery id makes repeats harmless), as webhook senders do.
        error = `the receiver answered HTTP ${status}`;
      }
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      final = e instanceof TargetRefusedError;
      error = final
        ? shortReason((e as Error).message, [], 400)
        : (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError'
          ? `no answer within ${config.webhookTimeoutMs} ms`
          : `the request failed: ${shortReason(cause?.code ?? cause?.message ?? (e as Error).message)}`;
    }
    const at = now();
    const ok = error === null;
    const giveUp = !ok && (final || attempt >= n.max_attempts);
    await store.finishNotificationAttempt(
      { notification_id: n.notification_id, project_id: n.project_id, attempt, ok, status_code: status, error, duration_ms: Math.round((performance.now() - started) * 1000) / 1000, created_at: at },
      {
        status: ok ? 'delivered' : giveUp ? 'failed' : 'pending',
        next_attempt_at: ok || giveUp ? at : at + retryDelayMs(attempt, config.webhookBackoffMs, config.webhookMaxBackoffMs, random, wait) * 1000,
        last_status_code: status, last_error: error, delivered_at: ok ? at : null, at,
      },
    );
    if (giveUp) log.warn({ notification: n.notification_id, url: maskUrl(n.url), attempts: attempt, error }, 'webhook delivery failed for good');
  }

  async function tick(): Promise<void> {
    let claimed = 0;
    try {
      const at = now();
      const due = await store.claimDueNotifications(at, BATCH, at + leaseMicros);
      claimed = due.length;
      await Promise.all(due.map((n) => deliver(n).catch((e: unknown) => log.error({ err: e, notification: n.notification_id }, 'webhook delivery crashed'))));
    } catch (e) {
      log.error({ err: e }, 'webhook dispatcher could not read notifications');
    }
    if (stopped) return;
    let waitMs = config.webhookPollMs;
    if (claimed === BATCH) waitMs = 0;
    else {
      const next = await store.nextNotificationDue().catch(() => null);
      if (next != null) waitMs = Math.min(waitMs, Math.max(MIN_WAIT_MS, (next - now()) / 1000));
    }
    schedule(waitMs);
  }

  function schedule(ms: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  }

  function run() {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = tick().finally(() => {
      running = null;
      // A poke that arrived while this tick ran gets its own tick now.
      if (again) schedule(0);
    });
  }

  schedule(0);
  return {
    poke() {
      if (!stopped) schedule(0);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
