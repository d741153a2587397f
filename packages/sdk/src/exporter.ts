/**
 * Delivers serialised batches: trace upserts (one request each, a few at a time), LangGraph runs,
 * span events and evals — in that order so traces exist before the events and evals that refer to
 * them. Per-item answers are counted; a batch refused with 400 is retried item by item so one bad
 * item does not sink the rest.
 */
import { isRetryable } from './generated/retry/index.js';
import { newIdempotencyKey } from './ids.js';
import type { QueueItem } from './records.js';
import { stringifyBatch, stringifyObject } from './safe-json.js';
import type { Transport, TransportResponse } from './transport.js';
import type { TraceHubError } from './types.js';
import { serializeBatch } from './wire-serializer.js';
import type { SerializerDefaults, WireBatch } from './wire-serializer.js';

/** Most events or evals put in one request (the server accepts up to 10 000). */
const MAX_ITEMS_PER_REQUEST = 5000;
/** Trace upserts sent in parallel. */
const TRACE_CONCURRENCY = 4;

/** Settings of the HTTP batch exporter. */
export interface ExporterOptions {
  /** Usually a retrying transport. */
  transport: Transport;
  defaults: SerializerDefaults;
  report: (error: TraceHubError) => void;
}

interface IngestAnswer {
  accepted?: unknown;
  duplicates?: unknown;
  rejected?: unknown;
  items?: Array<{ status?: unknown; reason?: unknown; kind?: unknown; id?: unknown }>;
  message?: unknown;
}

/** Exports batches of queue records over a transport and keeps delivery counters. */
export class BatchExporter {
  /** Items the server accepted (duplicates included). */
  sent = 0;
  /** Items refused or undeliverable. */
  failed = 0;

  constructor(private readonly options: ExporterOptions) {}

  /** Sends one batch; never rejects. */
  async export(batch: readonly QueueItem[]): Promise<void> {
    let wire: WireBatch;
    try {
      wire = serializeBatch(batch, this.options.defaults);
    } catch (error) {
      this.failed += batch.length;
      this.options.report({ kind: 'internal', message: `Trace Hub could not serialise a batch: ${describe(error)}`, cause: error });
      return;
    }
    for (let i = 0; i < wire.traces.length; i += TRACE_CONCURRENCY) {
      await Promise.all(
        wire.traces.slice(i, i + TRACE_CONCURRENCY).map((trace) =>
          this.sendOne('/ingest/traces', { trace, spans: [], idempotency_key: newIdempotencyKey() }),
        ),
      );
    }
    for (const run of wire.runs) await this.sendOne('/ingest/langgraph-runs', run);
    for (let i = 0; i < wire.events.length; i += MAX_ITEMS_PER_REQUEST) {
      await this.sendItems('/ingest/spans', 'events', wire.events.slice(i, i + MAX_ITEMS_PER_REQUEST));
    }
    for (let i = 0; i < wire.evals.length; i += MAX_ITEMS_PER_REQUEST) {
      await this.sendItems('/evals', 'evals', wire.evals.slice(i, i + MAX_ITEMS_PER_REQUEST));
    }
  }

  private serialize(path: string, count: number, build: () => string): string | null {
    try {
      return build();
    } catch (error) {
      this.failed += count;
      this.options.report({ kind: 'internal', message: `Trace Hub could not serialise ${count} item(s) for ${path}: ${describe(error)}`, cause: error });
      return null;
    }
  }

  private async sendOne(path: string, body: Record<string, unknown>): Promise<void> {
    const json = this.serialize(path, 1, () => stringifyObject(body));
    if (json === null) return;
    const response = await this.post(path, json, 1);
    if (response !== null) this.account(path, response, 1, true);
  }

  private async sendItems(path: string, field: string, items: Record<string, unknown>[]): Promise<void> {
    const json = this.serialize(path, items.length, () => stringifyBatch(field, items));
    if (json === null) return;
    const response = await this.post(path, json, items.length);
    if (response === null) return;
    if (response.status === 400 && items.length > 1) {
      for (const item of items) await this.sendItems(path, field, [item]);
      return;
    }
    this.account(path, response, items.length, false);
  }

  private async post(path: string, body: string, count: number): Promise<TransportResponse | null> {
    try {
      return await this.options.transport.send({ path, body });
    } catch (error) {
      this.failed += count;
      this.options.report({
        kind: 'delivery',
        message: `Trace Hub could not deliver ${count} item(s) to ${path}: ${describe(error)}; is the server running?`,
        cause: error,
      });
      return null;
    }
  }

  private account(path: string, response: TransportResponse, count: number, single: boolean): void {
    const { status } = response;
    const answer = (response.body !== null && typeof response.body === 'object' ? response.body : {}) as IngestAnswer;
    if (status >= 200 && status < 300) {
      const { accepted, duplicates, rejected } = answer;
      if (!single && typeof accepted === 'number' && typeof rejected === 'number') {
        this.sent += accepted + (typeof duplicates === 'number' ? duplicates : 0);
        this.failed += rejected;
      } else if (single && typeof rejected === 'number' && rejected > 0 && accepted === 0) {
        this.failed += count;
      } else {
        this.sent += count;
      }
      if (typeof rejected === 'number' && rejected > 0) {
        const reason = answer.items?.find((item) => item.status === 'rejected')?.reason;
        this.options.report({
          kind: 'rejected',
          message: `Trace Hub rejected ${rejected} item(s) sent to ${path}${typeof reason === 'string' ? `: ${reason}` : ''}`,
        });
      }
      return;
    }
    this.failed += count;
    const detail = typeof answer.message === 'string' ? `: ${answer.message}` : '';
    const hint =
      status === 401 || status === 403 ? ' — check apiKey / TRACEHUB_API_KEY' : isRetryable(status, { idempotent: true }) ? ' after retries' : '';
    this.options.report({
      kind: status === 400 ? 'rejected' : 'delivery',
      message: `Trace Hub answered ${status} to ${count} item(s) sent to ${path}${hint}${detail}`,
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
