/**
 * The Python SDK's unittest suite and the two Python examples, run with plain `python3` against the
 * built server (as `npm start` runs it). The examples' traces are checked through the detail API.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../src/storage/testing/test-stores.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function python(args: string[], env: Record<string, string>) {
  const result = spawnSync('python3', args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 180_000 });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

interface SpanNode {
  children: SpanNode[];
  attributes: Record<string, unknown>;
}
const depth = (nodes: SpanNode[]): number => (nodes.length ? 1 + Math.max(...nodes.map((n) => depth(n.children))) : 0);

describe('Python SDK against a running server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ TRACEHUB_DATA_DIR: path.join(tempDir(), 'data') });
  });
  afterAll(async () => {
    await stopServerProcess(server);
  });

  it('passes its unit and integration tests', () => {
    const run = python(['-m', 'unittest', 'discover', '-s', 'sdk/python/tests', '-t', 'sdk/python'], {
      TRACEHUB_TEST_URL: server.url,
      TRACEHUB_TEST_API_KEY: 'dev-key',
    });
    expect(run.output).toMatch(/\nOK/);
    expect(run.code).toBe(0);
  });

  it.each(['send_trace_via_api.py', 'send_trace_via_sdk.py'])('runs examples/%s and produces nested spans, a log, an eval and LangGraph nodes', async (script) => {
    const run = python([`examples/${script}`], { TRACEHUB_HOST: server.url, TRACEHUB_API_KEY: 'dev-key' });
    expect(run.code, run.output).toBe(0);
    const ids = [...run.output.matchAll(/trace_id=([0-9a-f-]+)/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    const details = await Promise.all(
      ids.map(async (id) => (await (await fetch(`${server.url}/api/v1/traces/${id}`, { headers: { 'x-api-key': 'dev-key' } })).json()) as {
        spans: SpanNode[];
        timeline: { event_type: string | null }[];
        evals: unknown[];
      }),
    );
    const [chat, graph] = details;
    expect(depth(chat.spans)).toBeGreaterThanOrEqual(2);
    expect(chat.timeline.some((e) => e.event_type === 'LOG')).toBe(true);
    expect(chat.evals.length).toBeGreaterThanOrEqual(1);
    const nodes = graph.spans.flatMap((root) => root.children);
    expect(nodes.some((n) => 'langgraph.node_id' in n.attributes)).toBe(true);
  });
});
