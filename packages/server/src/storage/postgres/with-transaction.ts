/** Runs work in one PostgreSQL transaction on a pooled client: COMMIT on return, ROLLBACK on throw. */
import type pg from 'pg';

/** `work`'s result is answered only after the commit. */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
