/**
 * Several servers on one PostgreSQL (issue 18 item 4): three server processes (the built server, as
 * `npm start` runs it) share one database under ingestion from clients spread over them; one is
 * SIGKILLed mid-way and its clients move on to the others, resending what was not acknowledged.
 * Afterwards every acknowledged span is stored exactly once, the dashboard rollups equal counts of
 * the stored rows, every webhook queued by a decision is delivered exactly once, and the scheduled
 * backup is written once although each server has a backup directory of its own.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, tempDir } from '../src/storage/testing/test-stores.js';
import { SEED_POLICY, startReceiver, waitFor } from '../src/decision/testing/decision-test-kit.js';
import { scheduledArchives } from '../src/backup/backup-scheduler.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './process.js';

const INGEST_MS = 3_000;
const CLIENTS_PER_SERVER = 3;
const SPANS_PER_TRACE = 8;
const headers = { 'x-api-key': 'dev-key', 'content-type': 'application/json' };

/** Acknowledged requests (ingest and decide) per server. */
const acksBy = [0, 0, 0];

/** POSTs `body` to the first live server from `start` on; answers the status, or null when none answered. */
async function post(servers: ServerProcess[], start: number, route: string, body: unknown): Promise<number | null> {
  for (let k = 0; k < servers.length; k++) {
    const server = servers[(start + k) % servers.length];
    if (server.child.exitCode !== null || server.child.signalCode !== null) continue;
    try {
      const res = await fetch(`${server.url}/api/v1${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (res.status === 200) acksBy[(start + k) % servers.length]++;
      if (res.status < 500) return res.status;
    } catch {
      // cut off (e.g. the server was killed): the same body goes to the next server
    }
  }
  return null;
}

describe('three server processes on one PostgreSQL with one SIGKILLed', () => {
  const servers: ServerProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const s of servers) await stopServerProcess(s, 'SIGKILL');
    for (const c of closers) await c();
  });

  it('stores every acknowledged span once, keeps rollups exact, delivers each webhook once and writes the scheduled backup once', async () => {
    // When each request arrived, by its index in receiver.received.
    const arrivedAt: number[] = [];
    const receiver = await startReceiver((_request, index) => {
      arrivedAt[index] = Date.now();
      return { status: 204 };
    });
    closers.push(receiver.close);
    const databaseUrl = await createTestDatabase();
    const env = {
      TRACEHUB_DATABASE_URL: databaseUrl, TRACEHUB_ADMIN_PASSWORD: 'several-servers-password',
      TRACEHUB_ALLOW_PRIVATE_TARGETS: 'true', TRACEHUB_WEBHOOK_URLS: `${receiver.url}/hook`, TRACEHUB_WEBHOOK_SECRET: 'several-secret',
      // A delivery cut off by the kill is claimed again when its lease (timeout + 30 s) expires.
      TRACEHUB_WEBHOOK_POLL_MS: '100', TRACEHUB_WEBHOOK_TIMEOUT_MS: '1000',
    };
    // One after the other: the first migrates the schema. Backups every 36 s (the shortest interval),
    // checked every 36 s, each server into its own directory.
    const backupDirs = [0, 1, 2].map(() => path.join(tempDir(), 'backups'));
    const startedAt = Date.now();
    for (const dir of backupDirs) {
      servers.push(await startServerProcess({ ...env, TRACEHUB_DATA_DIR: tempDir(), TRACEHUB_BACKUP_DIR: dir, TRACEHUB_BACKUP_INTERVAL_HOURS: '0.01' }));
    }
    expect(await post(servers, 0, '/policies', SEED_POLICY)).toBe(201);

    const ackedTraces: string[] = [];
    const ackedDecisions: string[] = [];
    const stopAt = Date.now() + INGEST_MS;
    const client = async (c: number) => {
      for (let n = 0; Date.now() < stopAt; n++) {
        const traceId = `c${c}-t${n}`;
        const at = new Date().toISOString();
        const body = {
          trace: { trace_id: traceId, name: 'several', status: n % 4 === 0 ? 'error' : 'success', start_time: at, end_time: at },
          spans: Array.from({ length: SPANS_PER_TRACE }, (_, j) => ({
            span_id: `s${j}`, name: `span ${j}`, span_type: j === 0 ? 'llm' : 'tool', status: j === 1 && n % 3 === 0 ? 'error' : 'success', start_time: at, end_time: at,
          })),
        };
        if ((await post(servers, c, '/ingest/traces', body)) === 200) ackedTraces.push(traceId);
        if (n % 3 !== 0) continue;
        // A decision that escalates (PII in the response) queues one webhook notification.
        const decide = { trace_id: traceId, request_payload: {}, response_payload: { text: '주민번호 900101-1234567' }, idempotency_key: `decide-${traceId}` };
        if ((await post(servers, c, '/decide', decide)) === 200) ackedDecisions.push(traceId);
      }
    };
    const clients = Array.from({ length: 3 * CLIENTS_PER_SERVER }, (_, c) => client(c));
    await new Promise((r) => setTimeout(r, INGEST_MS / 2));
    const killedAt = Date.now();
    servers[2].child.kill('SIGKILL');
    await Promise.all(clients);
    expect(servers[2].child.signalCode).toBe('SIGKILL');
    // Each server took part, the killed one too (before the kill).
    expect(acksBy.every((n) => n > 0)).toBe(true);
    expect(ackedTraces.length).toBeGreaterThan(30);
    expect(ackedDecisions.length).toBeGreaterThan(5);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    closers.push(() => db.end());
    const one = async (query: string) => Number((await db.query(query)).rows[0].n);

    // Every acknowledged span once (the key allows no duplicates; the counts show nothing extra or missing).
    // A decision adds its own span to the trace: only the clients' spans are counted here.
    const stored = await db.query<{ trace_id: string; n: string }>("SELECT trace_id, count(*) AS n FROM spans WHERE name LIKE 'span %' GROUP BY trace_id");
    const spansOf = new Map(stored.rows.map((r) => [r.trace_id, Number(r.n)]));
    for (const id of ackedTraces) expect(spansOf.get(id), id).toBe(SPANS_PER_TRACE);
    const traceCount = await one('SELECT count(*) AS n FROM traces');
    const clientSpans = await one("SELECT count(*) AS n FROM spans WHERE name LIKE 'span %'");
    const spanCount = await one('SELECT count(*) AS n FROM spans');
    // A request cut off by the kill may have committed without its answer: at most one per client.
    expect(traceCount - ackedTraces.length).toBeGreaterThanOrEqual(0);
    expect(traceCount - ackedTraces.length).toBeLessThanOrEqual(3 * CLIENTS_PER_SERVER);
    expect(clientSpans).toBe(traceCount * SPANS_PER_TRACE);
    expect(spanCount).toBe(clientSpans + (await one('SELECT count(*) AS n FROM trace_decisions')));

    // Rollups exact: the dashboard's totals equal counts of the stored rows, once the folder has run.
    const live = servers.slice(0, 2);
    const expected = {
      traces: traceCount, errors: await one("SELECT count(*) AS n FROM traces WHERE status = 'error'"),
      spans: spanCount, spanErrors: await one("SELECT count(*) AS n FROM spans WHERE status = 'error'"),
      decisions: await one('SELECT count(*) AS n FROM trace_decisions'),
    };
    expect(expected.decisions).toBeGreaterThanOrEqual(ackedDecisions.length);
    const overview = async (server: ServerProcess) => {
      const res = await fetch(`${server.url}/api/v1/traces/stats/overview?last_hours=1`, { headers });
      const o = (await res.json()) as { traces: { total: number; error: number }; spans: { total: number; error: number }; decisions: { total: number } };
      return { traces: o.traces.total, errors: o.traces.error, spans: o.spans.total, spanErrors: o.spans.error, decisions: o.decisions.total };
    };
    for (const server of live) {
      // The pending deltas are folded in the background; the figures must settle on the exact counts.
      await waitFor(async () => JSON.stringify(await overview(server)) === JSON.stringify(expected) || null, 20_000).catch(() => null);
      expect(await overview(server)).toEqual(expected);
    }

    // Each webhook delivered once: every queued notification is delivered, and the receiver saw each delivery id once.
    const notifications = await one('SELECT count(*) AS n FROM notifications');
    expect(notifications).toBe(expected.decisions);
    await waitFor(async () => (await one("SELECT count(*) AS n FROM notifications WHERE status = 'delivered'")) === notifications || null, 60_000);
    const ids = receiver.received.map((r) => r.headers['x-tracehub-delivery'] as string);
    const seen = new Map<string, number[]>();
    ids.forEach((id, index) => seen.set(id, [...(seen.get(id) ?? []), arrivedAt[index]]));
    expect(seen.size).toBe(notifications);
    // Delivery over HTTP is at least once: a server killed after the receiver answered but before it
    // recorded the delivery leaves it to be sent again after its lease, with the same delivery id (so
    // a receiver can drop the copy). Only such a delivery may repeat: its first copy arrived just
    // before the kill, and it came twice, not more. Any other repeat is a double delivery.
    const repeats = [...seen].filter(([, times]) => times.length > 1);
    const notInFlightAtKill = repeats.filter(([, times]) => times.length > 2 || times[0] < killedAt - 2_000 || times[0] > killedAt + 50);
    expect(notInFlightAtKill).toEqual([]);
    expect(repeats.length).toBeLessThanOrEqual(3);

    // The scheduled backup: due on every server after 36 s, written once (the database lease), not again before 72 s.
    const archives = () => backupDirs.flatMap((dir) => scheduledArchives(dir));
    await waitFor(() => archives().length > 0 || null, Math.max(0, startedAt + 60_000 - Date.now()));
    await new Promise((r) => setTimeout(r, Math.max(0, startedAt + 45_000 - Date.now())));
    expect(Date.now() - startedAt).toBeLessThan(70_000);
    expect(archives()).toHaveLength(1);
  }, 150_000);
});
