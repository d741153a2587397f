/** The checkpoint worker copies committed WAL pages into the database file without any call from us. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store.js';
import { startWalCheckpointer } from './wal-checkpointer.js';
import { tempDir } from '../testing/test-stores.js';
import { newTrace } from '../../ingest/trace-state.js';

it('checkpoints the WAL in the background', async () => {
  const file = path.join(tempDir(), 'tracehub.db');
  const store = createSqliteStore({ file });
  await store.migrate();
  const sizeBefore = fs.statSync(file).size;
  await store.traces.ingest(async (tx) => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ ...newTrace('p', `t-${i}`, 1, 1), input_text: 'x'.repeat(4000) }));
    await tx.putTraces(rows);
  });
  const deadline = Date.now() + 5000;
  while (fs.statSync(file).size < sizeBefore + 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore + 1_000_000);
  await store.close();
});

it('starts its worker only once writes have grown the WAL, not at start nor on a small write', async () => {
  const file = path.join(tempDir(), 'tracehub.db');
  const store = createSqliteStore({ file, backgroundCheckpoints: false });
  await store.migrate();
  const checkpointer = startWalCheckpointer(file, 50);
  await new Promise((r) => setTimeout(r, 400));
  expect(checkpointer.running).toBe(false);
  await store.traces.ingest(async (tx) => tx.putTraces([newTrace('p', 't-1', 1, 1)]));
  await new Promise((r) => setTimeout(r, 300));
  expect(checkpointer.running).toBe(false);
  await store.traces.ingest(async (tx) => {
    await tx.putTraces(Array.from({ length: 500 }, (_, i) => ({ ...newTrace('p', `big-${i}`, 1, 1), input_text: 'x'.repeat(4000) })));
  });
  const deadline = Date.now() + 5000;
  while (!checkpointer.running && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(checkpointer.running).toBe(true);
  await checkpointer.stop();
  await store.close();
});
