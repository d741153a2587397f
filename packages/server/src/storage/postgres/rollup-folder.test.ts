/** Pending rollup deltas fold into the base tables without changing what the stats read. */
import pg from 'pg';
import { expect, it } from 'vitest';
import { createPostgresStore } from './postgres-store.js';
import { createTestDatabase } from '../testing/test-stores.js';
import { foldRollups } from './rollup-folder.js';

it('folds pending deltas into the base rollups; reads are the same before and after', async () => {
  const url = await createTestDatabase();
  const store = createPostgresStore({ connectionString: url });
  await store.migrate();
  const delta = {
    project_id: 'p', bucket: 60_000_000, environment: 'prod', model: 'm', traces: 1, success: 1, errors: 0, running: 0,
    open_span_traces: 0, input_tokens: 5, output_tokens: 7, total_tokens: 12, cost: 0.5,
  };
  const latency = { project_id: 'p', bucket: 0, environment: 'prod', series: 'trace:prod', lat_bucket: 30, count: 1 };
  for (let i = 0; i < 3; i++) await store.traces.ingest((tx) => tx.addRollups({ traces: [delta], spans: [], latency: [latency] }));
  const before = await store.traces.statsRollups('p', 0, 3_600_000_000, 3_600_000_000);
  const pool = new pg.Pool({ connectionString: url });
  try {
    expect(await foldRollups(pool)).toBe(true);
    const pending = await pool.query('SELECT count(*)::int AS n FROM rollup_traces_pending');
    expect(pending.rows[0].n).toBe(0);
    const base = await pool.query('SELECT traces, cost FROM rollup_traces_base');
    expect(base.rows).toEqual([{ traces: '3', cost: 1.5 }]);
  } finally {
    await pool.end();
  }
  const after = await store.traces.statsRollups('p', 0, 3_600_000_000, 3_600_000_000);
  expect(after).toEqual(before);
  expect(after.traces[0]).toMatchObject({ traces: 3, cost: 1.5 });
  expect(after.latency[0]).toMatchObject({ count: 3 });
  await store.close();
});
