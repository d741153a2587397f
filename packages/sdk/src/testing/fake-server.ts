/**
 * A throwaway Trace Hub stand-in for tests: a `node:http` server that records every request and
 * answers like the ingest API (per-item results, duplicates by idempotency key) unless a test
 * supplies its own replies.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  at: number;
  /** Status answered (0: the connection was dropped). */
  status?: number;
}

/** What a test handler answers; `undefined` means "answer like the ingest API". */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (a network error). */
  hangUp?: boolean;
}

/** Decides the reply to one request. */
export type Handler = (request: RecordedRequest, index: number) => Reply | undefined | Promise<Reply | undefined>;

/** A running fake server. */
export interface FakeServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  handler: Handler | undefined;
  /** All span events received, in arrival order. */
  events(): any[];
  /** Resolves once `predicate` holds (polling), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function itemsOf(path: string, body: any): Array<{ kind: string; id: string; key?: string }> {
  if (path.endsWith('/ingest/spans')) {
    return (body.events ?? []).map((e: any) => ({ kind: 'event', id: String(e.span_id ?? e.trace_id), key: e.idempotency_key }));
  }
  if (path.endsWith('/evals')) {
    const evals = Array.isArray(body.evals) ? body.evals : [body];
    return evals.map((e: any) => ({ kind: 'eval', id: String(e.eval_name), key: e.idempotency_key }));
  }
  if (path.endsWith('/ingest/traces')) return [{ kind: 'trace', id: String(body.trace?.trace_id), key: body.idempotency_key }];
  return [{ kind: 'trace', id: String(body.trace_id), key: body.idempotency_key }];
}

/** Answers like the ingest API: accepted, or duplicate for an idempotency key seen before. */
export function ingestReply(seen: Set<string>, path: string, body: any): Reply {
  const items = itemsOf(path, body).map((item, index) => {
    const duplicate = item.key !== undefined && seen.has(item.key);
    if (item.key !== undefined) seen.add(item.key);
    return { index, kind: item.kind, id: item.id, status: duplicate ? 'duplicate' : 'accepted' };
  });
  const duplicates = items.filter((i) => i.status === 'duplicate').length;
  return { status: 200, body: { accepted: items.length - duplicates, duplicates, rejected: 0, items } };
}

/** Starts a fake server on `port` (0: any free port). */
export async function startFakeServer(handler?: Handler, port = 0): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const seen = new Set<string>();
  const fake: FakeServer = {
    url: '',
    port: 0,
    requests,
    handler,
    events: () => requests.filter((r) => r.path.endsWith('/ingest/spans') && r.status !== undefined && r.status >= 200 && r.status < 300).flatMap((r) => r.body.events),
    async waitFor(predicate, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  } as FakeServer;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() };
      const index = requests.length;
      requests.push(request);
      const reply = (await fake.handler?.(request, index)) ?? ingestReply(seen, request.path, body);
      if (reply.hangUp) {
        request.status = 0;
        req.socket.destroy();
        return;
      }
      request.status = reply.status;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

/** A port that nothing listens on (found by opening and closing a server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
