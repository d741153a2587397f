/** Application metric and dashboard queries shared by the SQLite and PostgreSQL backends. */
import { sql } from 'kysely';
import type { AppMetricStore, DashboardRow, DashboardStore } from '../app-metric-store.js';
import type { Db } from './database.js';
import type { WriteTransaction } from './write-transaction.js';
import { num, textOrNull, type RawRow } from './row-values.js';

/** Rows per INSERT statement (SQLite caps bound parameters; 9 columns a row). */
const INSERT_CHUNK = 500;

/** The application metric store: reads on `db`, writes in `transaction`. */
export function createAppMetricQueries(db: Db, transaction: WriteTransaction): AppMetricStore {
  return {
    upsertPoints(rows) {
      if (rows.length === 0) return Promise.resolve(0);
      return transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await tx.insertInto('app_metric_points').values(rows.slice(i, i + INSERT_CHUNK))
            .onConflict((oc) => oc.columns(['project_id', 'name', 'labels', 'time']).doUpdateSet((eb) => ({
              value: eb.ref('excluded.value'), kind: eb.ref('excluded.kind'), unit: eb.ref('excluded.unit'),
              hist_count: eb.ref('excluded.hist_count'), hist_sum: eb.ref('excluded.hist_sum'),
            })))
            .execute();
        }
        return rows.length;
      });
    },
    async aggregate(projectId, q) {
      // One row per (label set, bucket); `last` is the value at the bucket's latest time (unique by the key).
      const result = await sql<RawRow>`
        SELECT g.labels, g.bucket, g.n, g.s, g.lo, g.hi, g.last_time,
          (SELECT p.value FROM app_metric_points p WHERE p.project_id = ${projectId} AND p.name = ${q.name}
            AND p.labels = g.labels AND p.time = g.last_time) AS last
        FROM (
          SELECT labels, bucket, COUNT(*) AS n, SUM(value) AS s, MIN(value) AS lo, MAX(value) AS hi, MAX(time) AS last_time
          FROM (
            SELECT labels, time, value, CAST((time - ${q.from}) / ${q.step} AS INTEGER) AS bucket
            FROM app_metric_points
            WHERE project_id = ${projectId} AND name = ${q.name} AND time >= ${q.from} AND time < ${q.to}
          ) b
          GROUP BY labels, bucket
        ) g
        ORDER BY g.labels, g.bucket
        LIMIT ${q.limit + 1}`.execute(db);
      return result.rows.map((r) => ({
        labels: String(r.labels), bucket: num(r.bucket), count: num(r.n), sum: num(r.s), min: num(r.lo), max: num(r.hi),
        last_time: num(r.last_time), last: num(r.last),
      }));
    },
    async listSeries(projectId, limit, name) {
      let query = db.selectFrom('app_metric_points').where('project_id', '=', projectId);
      if (name !== undefined) query = query.where('name', '=', name);
      const rows = await query
        .select((eb) => ['name', 'labels', eb.fn.countAll().as('points'), eb.fn.max('time').as('last_time')])
        .groupBy(['name', 'labels']).orderBy('last_time', 'desc').orderBy('name').limit(limit).execute();
      return rows.map((r) => ({ name: String(r.name), labels: String(r.labels), points: num(r.points), last_time: num(r.last_time) }));
    },
    deletePointsBefore(before, limit) {
      // The oldest-first batch is found on the time index (migration 0028), then deleted by key.
      return transaction(async (tx) => {
        const batch = sql`SELECT project_id, name, labels, time FROM app_metric_points WHERE time < ${before} ORDER BY time LIMIT ${limit}`;
        const result = await tx.deleteFrom('app_metric_points').where(sql<boolean>`(project_id, name, labels, time) IN (${batch})`).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },
  };
}

const toDashboard = (r: RawRow): DashboardRow => ({
  project_id: String(r.project_id), dashboard_id: String(r.dashboard_id), name: String(r.name), description: textOrNull(r.description),
  widgets: String(r.widgets), created_at: num(r.created_at), updated_at: num(r.updated_at),
});

/** The dashboard store: reads on `db`, writes in `transaction`. */
export function createDashboardQueries(db: Db, transaction: WriteTransaction): DashboardStore {
  return {
    create(row) {
      return transaction(async (tx) => {
        await tx.insertInto('dashboards').values(row).execute();
        return row;
      });
    },
    async list(projectId) {
      const rows = await db.selectFrom('dashboards').selectAll().where('project_id', '=', projectId).orderBy('name').orderBy('dashboard_id').execute();
      return rows.map(toDashboard);
    },
    async get(projectId, dashboardId) {
      const row = await db.selectFrom('dashboards').selectAll().where('project_id', '=', projectId).where('dashboard_id', '=', dashboardId).executeTakeFirst();
      return row ? toDashboard(row) : null;
    },
    update(projectId, dashboardId, fields) {
      return transaction(async (tx) => {
        const row = await tx.updateTable('dashboards').set(fields).where('project_id', '=', projectId).where('dashboard_id', '=', dashboardId)
          .returningAll().executeTakeFirst();
        return row ? toDashboard(row) : null;
      });
    },
    remove(projectId, dashboardId) {
      return transaction(async (tx) => {
        const result = await tx.deleteFrom('dashboards').where('project_id', '=', projectId).where('dashboard_id', '=', dashboardId).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
