/**
 * Traces from a Langfuse server's public API: `GET /api/public/traces` (page/limit paging,
 * fromTimestamp/toTimestamp/sessionId/name filters) with Basic auth (public key : secret key).
 * Langfuse traces carry no status, so `--status` reads each trace's observations
 * (`GET /api/public/observations?traceId=…`): a trace is an error when one of them has level ERROR.
 */
import { CliError } from '../cli-error.js';
import { createJsonApi, type JsonApi } from '@tracehub/evals';
import type { LangfuseSettings } from '../settings.js';
import { isExperimentTrace, type SourceTrace, type TraceQuery, type TraceSource } from './trace-source.js';

/** A page of a Langfuse list answer. */
export interface LangfusePage<T> {
  data: T[];
  meta?: { page?: number; limit?: number; totalItems?: number; totalPages?: number };
}

interface LangfuseTrace {
  id: string;
  name?: string | null;
  timestamp: string;
  sessionId?: string | null;
  input?: unknown;
  environment?: string | null;
  tags?: string[] | null;
}

const PAGE_SIZE = 50;

/** A client for a Langfuse server's public API (Basic auth); refuses without both keys, naming `option` (e.g. `--source langfuse`). */
export function createLangfuseApi(settings: LangfuseSettings, option: string): JsonApi {
  if (!settings.publicKey || !settings.secretKey) {
    throw new CliError(`${option} needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY (and LANGFUSE_HOST) in the environment.`);
  }
  return createJsonApi({
    baseUrl: settings.host,
    headers: { authorization: `Basic ${Buffer.from(`${settings.publicKey}:${settings.secretKey}`).toString('base64')}` },
    service: 'Langfuse',
    hostVariable: 'LANGFUSE_HOST',
    authHint: 'Check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY.',
  });
}

/** A TraceSource over a Langfuse server; refuses to start without both keys. */
export function createLangfuseSource(settings: LangfuseSettings): TraceSource {
  const client = createLangfuseApi(settings, '--source langfuse');

  async function isError(traceId: string): Promise<boolean> {
    for (let page = 1; ; page++) {
      const answer = await client.get<LangfusePage<{ level?: string }>>('/api/public/observations', { traceId, page, limit: 100 });
      if (answer.data.some((o) => o.level === 'ERROR')) return true;
      if (answer.data.length === 0 || page >= (answer.meta?.totalPages ?? page)) return false;
    }
  }

  return {
    name: 'langfuse',
    async *pages(query: TraceQuery, onTotal?: (total: number) => void) {
      for (let page = 1; ; page++) {
        const answer = await client.get<LangfusePage<LangfuseTrace>>('/api/public/traces', {
          page,
          limit: PAGE_SIZE,
          fromTimestamp: query.since,
          toTimestamp: query.until,
          sessionId: query.sessionId,
          name: query.name,
          orderBy: 'timestamp.desc',
          // Only what collect reads (servers without field groups answer everything).
          fields: 'core,io',
        });
        if (!answer || !Array.isArray(answer.data)) throw new CliError('Langfuse answered GET /api/public/traces without a "data" list; is LANGFUSE_HOST a Langfuse server?');
        if (page === 1 && answer.meta?.totalItems !== undefined) onTotal?.(answer.meta.totalItems);
        const traces: SourceTrace[] = [];
        for (const t of answer.data) {
          if (query.status && (await isError(t.id)) !== (query.status === 'error')) continue;
          traces.push({ id: t.id, name: t.name ?? null, timestamp: t.timestamp, sessionId: t.sessionId ?? null, input: t.input ?? null, experiment: isExperimentTrace(t.environment, t.tags) });
        }
        yield traces;
        const totalPages = answer.meta?.totalPages;
        if (answer.data.length === 0 || (totalPages !== undefined ? page >= totalPages : answer.data.length < PAGE_SIZE)) return;
      }
    },
  };
}
