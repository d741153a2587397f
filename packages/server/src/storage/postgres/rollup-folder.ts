/** Folds pending rollup deltas into the rollup base tables, one server at a time, about once a second. */
import type pg from 'pg';
import { withTransaction } from './with-transaction.js';
import { ROLLUP_TABLES } from '../sql/rollup-tables.js';

const FOLD_STATEMENTS = ROLLUP_TABLES.map(({ table, key, counters }) => {
  const keys = key.join(', ');
  return `WITH moved AS (DELETE FROM ${table}_pending RETURNING *)
    INSERT INTO ${table}_base (${keys}, ${counters.join(', ')})
    SELECT ${keys}, ${counters.map((c) => `sum(${c})`).join(', ')} FROM moved GROUP BY ${keys}
    ON CONFLICT (${keys}) DO UPDATE SET ${counters.map((c) => `${c} = ${table}_base.${c} + excluded.${c}`).join(', ')}`;
});

// Any constant: the advisory lock that lets one server fold at a time.
const FOLD_LOCK = 7_345_112;

/** Runs one fold in a transaction; answers false when another server holds the fold lock. */
export function foldRollups(pool: pg.Pool): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [FOLD_LOCK]);
    if (!rows[0]?.locked) return false;
    for (const statement of FOLD_STATEMENTS) await client.query(statement);
    return true;
  });
}

/** Folds every `intervalMs` until stopped; errors are left for the next tick. */
export function startRollupFolder(pool: pg.Pool, intervalMs = 1000) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = foldRollups(pool).catch(() => undefined);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
