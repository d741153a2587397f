/**
 * Test helpers for the decision engine: servers with a given decision configuration, the seed 003
 * section 6/7 bodies, a local webhook receiver with scripted answers, and a fake OpenAI-compatible
 * judge that counts its calls.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createServer, type RunningServer } from '../../server.js';
import type { Store } from '../../storage/store.js';
import { loadDecisionConfig, type DecisionConfig } from '../decision-config.js';
import { tempDir } from '../../storage/testing/test-stores.js';
import { loadConfig, type Config } from '../../config.js';

/** The policy of seed 003 section 6. */
export const SEED_POLICY = {
  name: 'default-safety',
  description: 'Safety baseline',
  effective_from: '2026-01-01T00:00:00Z',
  active: true,
  definition: {
    rules: [
      {
        priority: 10,
        when: { any: [{ field: 'signals.pii', op: 'eq', value: true }] },
        then: { action: 'ESCALATE', reason_code: 'PII_DETECTED', severity: 'high' },
        metadata: { owner: 'trust-safety' },
      },
    ],
  },
};

/** The decide request of seed 003 section 7. */
export const SEED_DECIDE = {
  trace_id: '11111111-1111-1111-1111-111111111111',
  request_payload: { safety: { content_filter: 'ok' } },
  response_payload: { tokens: 512, latency_ms: 900, model: 'gpt-4.1-mini' },
  idempotency_key: 'decide-1',
};

/** A test server configuration: the defaults, quiet, data in a temp dir. */
export function decisionTestConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ TRACEHUB_DATA_DIR: tempDir(), TRACEHUB_LOG_LEVEL: 'silent' }), port: 0, ...overrides };
}

/** Outbound settings letting tests reach their receivers on 127.0.0.1 (TRACEHUB_ALLOW_PRIVATE_TARGETS=true). */
export const PRIVATE_TARGETS_ALLOWED: Pick<DecisionConfig, 'outbound'> = { outbound: { allowPrivate: true, allowCidrs: [] } };

/** Creates a webhook destination through the API (admin dev key); answers its id and the secret shown once. */
export async function createDestination(app: FastifyInstance, name: string, url: string): Promise<{ destination_id: string; secret: string }> {
  const created = await send(app, 'POST', '/api/v1/webhooks', { name, url });
  if (created.status !== 201) throw new Error(`creating webhook ${name} failed: ${JSON.stringify(created.body)}`);
  return { destination_id: created.body.destination.destination_id, secret: created.body.secret };
}

/** Decision settings for tests: fast webhook retries and polling, plus `overrides` (private targets refused unless allowed). */
export function decisionSettings(overrides: Partial<DecisionConfig> = {}): DecisionConfig {
  return { ...loadDecisionConfig({}), webhookBackoffMs: 30, webhookMaxBackoffMs: 200, webhookPollMs: 50, webhookTimeoutMs: 2000, ...overrides };
}

/** A server (not listening) over `store` with the given decision settings. */
export function startDecisionServer(store: Store, decision: DecisionConfig = decisionSettings()): Promise<RunningServer> {
  return createServer(decisionTestConfig(), { store, logger: false, decision });
}

/** Sends a request with the dev key; JSON bodies are serialised, strings sent as given with `contentType`. */
export async function send(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, contentType = 'application/json', key = 'dev-key') {
  const response = await app.inject({
    method,
    url,
    headers: { 'x-api-key': key, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
}

/** Polls `check` until it answers a truthy value (or fails after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One request a local server received. */
export interface ReceivedRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server answering with `respond` and recording every request. */
export async function startReceiver(respond: (request: ReceivedRequest, index: number) => { status: number; body?: string; headers?: Record<string, string> }) {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      const answer = respond(request, received.length - 1);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fake OpenAI-compatible chat completions server answering the scripted message contents in turn (the last repeats). */
export async function startFakeJudge(contents: string[]) {
  const receiver = await startReceiver((_request, index) => ({
    status: 200,
    body: JSON.stringify({
      id: `chatcmpl-${index}`, object: 'chat.completion', created: 1_770_000_000, model: 'judge-1',
      choices: [{ index: 0, message: { role: 'assistant', content: contents[Math.min(index, contents.length - 1)] }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    }),
  }));
  return { ...receiver, baseUrl: `${receiver.url}/v1`, calls: () => receiver.received.length };
}
