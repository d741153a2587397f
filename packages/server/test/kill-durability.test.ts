/** An acknowledged write survives SIGKILL: kill the server right after a 200 and read the data after restart. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, tempDir } from '../src/storage/testing/test-stores.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './process.js';

const headers = { 'x-api-key': 'dev-key', 'content-type': 'application/json' };

async function ingestMany(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const traceId = `kill-${i}`;
      const res = await fetch(`${url}/api/v1/ingest/traces`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          trace: { trace_id: traceId, name: 'durable', input_text: `질문 ${i}`, start_time: '2026-02-07T10:00:00Z' },
          spans: Array.from({ length: 20 }, (_, j) => ({ span_id: `s${j}`, name: `span ${j}`, start_time: '2026-02-07T10:00:01Z' })),
        }),
      });
      if (res.status === 200) ids.push(traceId);
    }),
  );
  return ids;
}

describe.each(['sqlite', 'postgres'] as const)('kill -9 durability on %s', (backend) => {
  const running: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of running) await stopServerProcess(server, 'SIGKILL');
  });

  it('keeps every acknowledged trace after SIGKILL and restart', async () => {
    const env: Record<string, string> =
      backend === 'sqlite' ? { TRACEHUB_DATA_DIR: path.join(tempDir(), 'data') } : { TRACEHUB_DATABASE_URL: await createTestDatabase() };
    const first = await startServerProcess(env);
    running.push(first);
    const acknowledged = await ingestMany(first.url, 30);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(acknowledged.length).toBe(30);

    const second = await startServerProcess(env);
    running.push(second);
    for (const traceId of acknowledged) {
      const res = await fetch(`${second.url}/api/v1/traces/${traceId}`, { headers });
      expect(res.status).toBe(200);
      const detail = (await res.json()) as { span_count: number };
      expect(detail.span_count).toBe(20);
    }
    const search = await fetch(`${second.url}/api/v1/traces?search=${encodeURIComponent('질문')}&page_size=100`, { headers });
    expect(((await search.json()) as { total: number }).total).toBe(30);
    await stopServerProcess(second);
  });
});
