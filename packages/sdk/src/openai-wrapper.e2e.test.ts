/**
 * `wrapOpenAI()` end to end: the real `openai` client against the fake OpenAI endpoint, recorded
 * by the SDK into a real Trace Hub (SQLite store), read back through the traces API — the trace
 * list's `?model=` and `?search=` filters find what the wrapper recorded.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.js';
import { startTestServer } from '../../server/test/helpers.js';
import { createTraceHub } from './client.js';
import { startFakeOpenAI } from './testing/fake-openai.js';
import type { FakeOpenAI } from './testing/fake-openai.js';
import type { TraceHubClient } from './trace-hub-client.js';

let server: RunningServer;
let url = '';
let fake: FakeOpenAI;
let th: TraceHubClient;
let openai: OpenAI;

async function get(path: string): Promise<any> {
  const response = await fetch(`${url}/api/v1${path}`, { headers: { 'x-api-key': 'dev-key' } });
  expect(response.status, path).toBe(200);
  return response.json();
}

beforeAll(async () => {
  server = await startTestServer('sqlite');
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  fake = await startFakeOpenAI();
  th = createTraceHub({ baseUrl: url, apiKey: 'dev-key', flushIntervalMs: 60_000, exitFlushTimeoutMs: 0, setAsDefault: false });
  openai = th.wrapOpenAI(new OpenAI({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 }));
});
afterAll(async () => {
  await th?.shutdown(1000);
  await fake?.close();
  await server?.close();
});

describe('wrapOpenAI() against a running Trace Hub', () => {
  it('gives a trace started with startTrace() the model of its LLM call', async () => {
    const traceId = th.startTrace({ name: 'e2e-support', inputText: 'help me' });
    await openai.chat.completions.create({ model: 'e2e-chat', messages: [{ role: 'user', content: 'hi' }] });
    th.endTrace({ outputText: 'helped' });
    expect(await th.flush(5000)).toBe(true);
    const detail = await get(`/traces/${traceId}`);
    expect(detail.trace).toMatchObject({ name: 'e2e-support', model: 'e2e-chat-2025', input_text: 'help me', output_text: 'helped' });
    const listed = await get('/traces?model=e2e-chat-2025');
    expect(listed.items.map((t: { trace_id: string }) => t.trace_id)).toContain(traceId);
  });

  it('sets the model with a one-field upsert when the trace start was already delivered', async () => {
    const traceId = th.startTrace({ name: 'e2e-long' });
    expect(await th.flush(5000)).toBe(true);
    await openai.completions.create({ model: 'e2e-instruct', prompt: 'Tell a story' });
    expect(await th.flush(5000)).toBe(true);
    expect((await get(`/traces/${traceId}`)).trace).toMatchObject({ name: 'e2e-long', model: 'e2e-instruct', status: 'running' });
    th.endTrace();
    expect(await th.flush(5000)).toBe(true);
    expect((await get(`/traces/${traceId}`)).trace).toMatchObject({ name: 'e2e-long', model: 'e2e-instruct', status: 'success' });
  });

  it('makes a call with no trace open findable by its question and answer, output as chat messages', async () => {
    await openai.responses.create({ model: 'e2e-resp', input: 'What is the zanzibar-quokka?' });
    expect(await th.flush(5000)).toBe(true);
    const listed = await get(`/traces?search=${encodeURIComponent('zanzibar-quokka')}`);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ name: 'openai.responses', model: 'e2e-resp', input_text: 'What is the zanzibar-quokka?', output_text: 'Hi there' });
    expect((await get('/traces?search=Hi%20there')).items.map((t: { trace_id: string }) => t.trace_id)).toContain(listed.items[0].trace_id);
    const detail = await get(`/traces/${listed.items[0].trace_id}`);
    expect(detail.spans[0]).toMatchObject({ span_type: 'llm', output: [{ role: 'assistant', content: 'Hi there' }], input_tokens: 5, output_tokens: 2 });
  });
});
