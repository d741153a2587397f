/**
 * `wrapOpenAI()` end to end: the real `openai` client against the fake OpenAI endpoint, recorded
 * by the SDK into a real Trace Hub — the built server (`packages/server/dist/main.js`, as
 * `npm start` runs it; `npm test` builds first) in a child process, so the SDK imports nothing of
 * the server — read back through the traces API: the trace list's `?model=` and `?search=`
 * filters find what the wrapper recorded.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTraceHub } from './client.js';
import { freePort } from './testing/fake-server.js';
import { startFakeOpenAI } from './testing/fake-openai.js';
import type { FakeOpenAI } from './testing/fake-openai.js';
import type { TraceHubClient } from './trace-hub-client.js';

const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));

let child: ChildProcess | undefined;
let dataDir = '';
let url = '';
let fake: FakeOpenAI;
let th: TraceHubClient;
let openai: OpenAI;

async function get(path: string): Promise<any> {
  const response = await fetch(`${url}/api/v1${path}`, { headers: { 'x-api-key': 'dev-key' } });
  expect(response.status, path).toBe(200);
  return response.json();
}

async function startServer(): Promise<void> {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), 'tracehub-sdk-e2e-'));
  child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TRACEHUB_LOG_LEVEL: 'warn', TRACEHUB_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not become ready: ${output}`);
}

beforeAll(async () => {
  await startServer();
  fake = await startFakeOpenAI();
  th = createTraceHub({ baseUrl: url, apiKey: 'dev-key', flushIntervalMs: 60_000, exitFlushTimeoutMs: 0, setAsDefault: false });
  openai = th.wrapOpenAI(new OpenAI({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 }));
});
afterAll(async () => {
  await th?.shutdown(1000);
  await fake?.close();
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
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
