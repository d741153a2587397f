/** The checkpoint worker copies committed WAL pages into the database file without any call from us. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store.js';
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
