/**
 * The Python SDK's unittest suite, the two Python examples and the README's Python snippet, run with
 * plain `python3` against the built server (as `npm start` runs it). The traces they send are
 * checked through the detail API.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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

  it('runs the README Python snippet with the documented command, and the trace it starts is ended', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('**Python** (`sdk/python`'));
    const command = /```bash\n(.+?first_trace\.py)\s*#/.exec(section)?.[1];
    const snippet = /```python\n([\s\S]+?)```/.exec(section)?.[1];
    expect(command).toBe('PYTHONPATH=sdk/python python3 first_trace.py');
    expect(snippet).toContain('client.end_trace(');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'first_trace.py'), (snippet as string).replaceAll('http://localhost:3000', server.url));
    // The documented line, as a shell runs it from the repository root; only the file's place differs.
    const run = spawnSync('sh', ['-c', (command as string).replace('first_trace.py', JSON.stringify(path.join(dir, 'first_trace.py')))], {
      cwd: ROOT,
      env: { ...process.env, PYTHONPATH: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const traceId = /\/traces\/([0-9a-f-]+)/.exec(run.stdout)?.[1];
    expect(traceId, run.stdout).toBeDefined();
    const detail = (await (await fetch(`${server.url}/api/v1/traces/${traceId}`, { headers: { 'x-api-key': 'dev-key' } })).json()) as {
      trace: { status: string; end_time: string | null; output_text: string | null };
      has_open_spans: boolean;
      span_count: number;
      evals: unknown[];
    };
    expect(detail.trace.status).toBe('success');
    expect(detail.trace.end_time).not.toBeNull();
    expect(detail.trace.output_text).toContain('예금');
    expect(detail.has_open_spans).toBe(false);
    expect(detail.span_count).toBe(1);
    expect(detail.evals).toHaveLength(1);
  });
});
