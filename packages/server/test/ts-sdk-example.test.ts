/**
 * The TypeScript SDK's example (examples/send-trace-via-sdk.mjs, over the built SDK in
 * packages/sdk/dist) against the built server: both of its traces arrive finished, with no span
 * left open (issue 15 item 8: a "success" LangGraph trace with three spans still running).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../src/storage/testing/test-stores.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('examples/send-trace-via-sdk.mjs against a running server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ TRACEHUB_DATA_DIR: path.join(tempDir(), 'data') });
  });
  afterAll(async () => {
    await stopServerProcess(server);
  });

  it('sends a chat trace and a LangGraph run that end everything they start', async () => {
    const run = spawnSync(process.execPath, ['examples/send-trace-via-sdk.mjs'], {
      cwd: ROOT,
      env: { ...process.env, TRACEHUB_HOST: server.url, TRACEHUB_API_KEY: 'dev-key' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    const ids = [...output.matchAll(/trace_id=([0-9a-f-]+)/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const detail = (await (await fetch(`${server.url}/api/v1/traces/${id}`, { headers: { 'x-api-key': 'dev-key' } })).json()) as {
        trace: { status: string; open_span_count: number; completion_rate: number; span_count: number };
      };
      expect(detail.trace, id).toMatchObject({ status: 'success', open_span_count: 0, completion_rate: 1 });
      expect(detail.trace.span_count).toBeGreaterThanOrEqual(3);
    }
  });
});
