/**
 * Read queries shared by the SQL backends, written once with Kysely. Dialect differences come in
 * through the backend's SqlCapabilities.
 */
import { sql } from 'kysely';
import { LATENCY_ROLLUP_MICROS, TRACE_SEARCH_TOTAL_CAP } from '@tracehub/core';
import type {
  EvalFilter, SessionFilter, SessionRow, SpanFilter, StatsFilter, StatsRollups, TraceFilter, TracePage, TraceScoreRow, TraceStatsRow, TracesOutside,
} from '../store.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import { toEvalRow, toSpanEventRow, toSpanRow, toTraceRow } from './row-mapping.js';
import type { EvalRow, LatencyRollupDelta, SpanEventRow, SpanRollupDelta, SpanRow, SpanTypeRollupDelta, TraceRollupDelta, TraceRow } from '../rows.js';
import { LATENCY_ROLLUP, SPAN_ROLLUP, SPAN_TYPE_ROLLUP, TRACE_ROLLUP, type RollupTable } from './rollup-tables.js';
import type { Db } from './database.js';

// The schema is declared in SQL migrations; rows are mapped by row-mapping.ts.
/** Most spans, events or evals one trace detail reads. */
export const TRACE_ROW_LIMIT = 50_000;

/** Rows of one trace read per query; the detail reads bigger traces page by page. */
export const TRACE_ROW_PAGE = 1000;

/** Most user ids a session list row names (in order of first appearance); `user_count` counts them all. */
export const SESSION_USER_LIMIT = 10;

/** Longest input/output text returned in list answers; the detail answer has the whole text. */
export const LIST_TEXT_LIMIT = 2000;

const SORT_COLUMNS = {
  start_time: 't.start_time',
  latency_ms: 't.latency_ms',
  total_tokens: 't.total_tokens',
  cost: 't.cost',
  name: 't.name',
  span_count: 't.span_count',
} as const;

const NULLABLE = new Set(['latency_ms', 'name']);

const LIST_COLUMNS = ([
  'project_id', 'trace_id', 'name', 'status', 'status_set', 'start_time', 'end_time', 'model', 'environment',
  'user_id', 'session_id', 'attributes', 'tags', 'release', 'version', 'user_review_passed', 'decision',
  'decision_action', 'span_count', 'open_span_count', 'error_span_count', 'input_tokens', 'output_tokens',
  'total_tokens', 'cost', 'unpriced_span_count', 'last_span_end', 'latency_ms', 'created_at', 'updated_at',
] as const).map((c) => `t.${c}` as const);

/** Builds the shared read queries over one database. */
export function createReadQueries(db: Db, features: SqlCapabilities) {
  function filteredTraces(projectId: string, f: Partial<TraceFilter>) {
    let q = db.selectFrom('traces as t').where('t.project_id', '=', projectId);
    if (f.status) q = q.where('t.status', '=', f.status);
    if (f.model) q = q.where('t.model', '=', f.model);
    if (f.environment) q = q.where('t.environment', '=', f.environment);
    if (f.user_id) q = q.where('t.user_id', '=', f.user_id);
    if (f.session_id) q = q.where('t.session_id', '=', f.session_id);
    if (f.name) q = q.where('t.name', '=', f.name);
    if (f.decision) q = q.where('t.decision_action', '=', f.decision);
    if (f.has_open_spans !== undefined) q = q.where('t.open_span_count', f.has_open_spans ? '>' : '=', 0);
    if (f.from !== undefined) q = q.where('t.start_time', '>=', f.from);
    if (f.to !== undefined) q = q.where('t.start_time', '<', f.to);
    if (f.tag) q = q.where(features.traceHasTag(f.tag));
    for (const tag of f.tags ?? []) q = q.where(features.traceHasTag(tag));
    if (f.release) q = q.where('t.release', '=', f.release);
    if (f.version) q = q.where('t.version', '=', f.version);
    if (f.search) {
      const term = f.search;
      q = q.where((eb) => eb.or([eb('t.trace_id', '=', term), features.traceTextMatch(term)]));
    }
    for (const [column, min, max] of [
      ['t.latency_ms', f.latency_min, f.latency_max], ['t.cost', f.cost_min, f.cost_max], ['t.total_tokens', f.tokens_min, f.tokens_max],
    ] as const) {
      if (min !== undefined) q = q.where(column, '>=', min);
      if (max !== undefined) q = q.where(column, '<=', max);
    }
    if (f.score_name !== undefined) {
      const { score_name: name, score_min: min, score_max: max } = f;
      q = q.where(({ exists, selectFrom }) => exists(
        selectFrom('evaluations as e')
          .select(sql.lit(1).as('one'))
          .whereRef('e.project_id', '=', 't.project_id')
          .whereRef('e.trace_id', '=', 't.trace_id')
          .where('e.eval_name', '=', name)
          .$if(min !== undefined, (e) => e.where('e.score', '>=', min as number))
          .$if(max !== undefined, (e) => e.where('e.score', '<=', max as number)),
      ));
    }
    if (f.metadata_key !== undefined && f.metadata_value !== undefined) q = q.where(features.traceAttributeEquals(f.metadata_key, f.metadata_value));
    return q;
  }

  /** Traces under a stats filter that started in [from, to) (either bound may be open). */
  function statsTraces(projectId: string, from: number | undefined, to: number | undefined, f: StatsFilter) {
    let q = filteredTraces(projectId, { environment: f.environment, name: f.name, from, to });
    // A trace without an environment is production: `<>` alone would drop its NULL.
    if (f.excludeEnvironment !== undefined) {
      const excluded = f.excludeEnvironment;
      q = q.where((eb) => eb.or([eb('t.environment', 'is', null), eb('t.environment', '<>', excluded)]));
    }
    return q;
  }

  /** Every row of one trace in a table, in `order` (at most TRACE_ROW_LIMIT). */
  // Read in pages of TRACE_ROW_PAGE rows (keyset on `order`), yielding to the event loop between
  // pages: SQLite reads are synchronous, and one read of a 10,000-span trace would hold the loop.
  // The keyset columns differ per table, so they are references built from their names (sql.ref
  // compiles to the same identifier a column-name string does).
  const rowsOfTrace = async (table: 'spans' | 'span_events' | 'evaluations', projectId: string, traceId: string, order: [string, string]) => {
    const rows: Record<string, unknown>[] = [];
    let after: Record<string, unknown> | undefined;
    while (rows.length < TRACE_ROW_LIMIT) {
      const last = after;
      let query = db.selectFrom(table).selectAll().where('project_id', '=', projectId).where('trace_id', '=', traceId);
      const [first, second] = [sql.ref(order[0]), sql.ref(order[1])];
      if (last) query = query.where((eb) => eb.or([eb(first, '>', last[order[0]]), eb.and([eb(first, '=', last[order[0]]), eb(second, '>', last[order[1]])])]));
      const page = await query.orderBy(first).orderBy(second).limit(Math.min(TRACE_ROW_PAGE, TRACE_ROW_LIMIT - rows.length)).execute();
      for (const row of page) rows.push(row);
      if (page.length < TRACE_ROW_PAGE) break;
      after = page[page.length - 1];
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return rows;
  };

  return {
    async listTraces(projectId: string, f: TraceFilter): Promise<TracePage> {
      const base = filteredTraces(projectId, f);
      const column = SORT_COLUMNS[f.sort.field];
      // Nullable columns (latency, name) put nulls last on every backend; the trace id breaks ties.
      const sortTerms = (key: string, id: string) => [
        ...(NULLABLE.has(f.sort.field) ? features.orderNullsLast(key, f.sort.direction) : [sql`${sql.ref(key)} ${sql.raw(f.sort.direction)}`]),
        sql`${sql.ref(id)} ${sql.raw(f.sort.direction)}`,
      ];
      const rowsOf = (q: typeof base) =>
        q.select(LIST_COLUMNS).select([
          sql<string>`substr(t.input_text, 1, ${LIST_TEXT_LIMIT})`.as('input_text'),
          sql<string>`substr(t.output_text, 1, ${LIST_TEXT_LIMIT})`.as('output_text'),
        ]);
      const pageOf = (q: typeof base) => {
        let ordered = rowsOf(q);
        for (const term of sortTerms(column, 't.trace_id')) ordered = ordered.orderBy(term);
        return ordered.limit(f.page_size).offset((f.page - 1) * f.page_size).execute();
      };
      if (!f.search) {
        const [count, rows] = await Promise.all([base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(), pageOf(base)]);
        return { rows: rows.map(toTraceRow), total: Number(count?.n ?? 0), total_is_lower_bound: false };
      }
      // A search counts at most `cap` matches (LIMIT inside the count): the exact count of a common
      // term rechecks every trigram match. The cap reaches past the requested page, so paging on works.
      const cap = Math.max(TRACE_SEARCH_TOTAL_CAP, f.page * f.page_size);
      const count = await db.selectFrom(base.select(sql<number>`1`.as('one')).limit(cap + 1).as('m')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const total = Number(count?.n ?? 0);
      // Many matches: walking the sort order finds a page soon.
      if (total > cap) return { rows: (await pageOf(base)).map(toTraceRow), total: cap, total_is_lower_bound: true };
      // Few matches: walking the sort order would filter most of the project when they are old (the
      // planner expects them spread evenly). Sort the matches' keys alone (a materialized CTE the
      // planner cannot fold back), then read that page by id.
      let keys = db
        .with((wb) => wb('m').materialized(), () => base.select(['t.trace_id', sql.ref(column).as('k')]).limit(cap + 1))
        .selectFrom('m')
        .select('m.trace_id');
      for (const term of sortTerms('m.k', 'm.trace_id')) keys = keys.orderBy(term);
      const ids = (await keys.limit(f.page_size).offset((f.page - 1) * f.page_size).execute()).map((r) => r.trace_id);
      if (ids.length === 0) return { rows: [], total, total_is_lower_bound: false };
      const found = await rowsOf(db.selectFrom('traces as t').where('t.project_id', '=', projectId).where('t.trace_id', 'in', ids)).execute();
      const position = new Map(ids.map((id, i) => [id, i]));
      found.sort((a, b) => (position.get(a.trace_id) ?? 0) - (position.get(b.trace_id) ?? 0));
      return { rows: found.map(toTraceRow), total, total_is_lower_bound: false };
    },

    /** The scores of these traces by evaluation name (one query for a page of the list). */
    async traceScores(projectId: string, traceIds: string[]): Promise<TraceScoreRow[]> {
      if (traceIds.length === 0) return [];
      const rows = await db
        .selectFrom('evaluations as e')
        .where('e.project_id', '=', projectId)
        .where('e.trace_id', 'in', traceIds)
        .select(['e.trace_id', 'e.eval_name'])
        .select((eb) => [
          eb.fn.avg('e.score').as('avg'),
          eb.fn.countAll().as('count'),
          eb.fn.sum(eb.case().when('e.passed', '=', features.bool(true)).then(1).else(0).end()).as('passed'),
          eb.fn.sum(eb.case().when('e.passed', '=', features.bool(false)).then(1).else(0).end()).as('failed'),
        ])
        .groupBy(['e.trace_id', 'e.eval_name'])
        .orderBy('e.trace_id')
        .orderBy('e.eval_name')
        .execute();
      return rows.map((r) => ({
        trace_id: String(r.trace_id), name: String(r.eval_name), avg: r.avg == null ? null : Number(r.avg),
        count: Number(r.count), passed: Number(r.passed ?? 0), failed: Number(r.failed ?? 0),
      }));
    },

    async getTrace(projectId: string, traceId: string): Promise<TraceRow | null> {
      const row = await db
        .selectFrom('traces')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('trace_id', '=', traceId)
        .executeTakeFirst();
      return row ? toTraceRow(row) : null;
    },

    async getTraceSpans(projectId: string, traceId: string): Promise<SpanRow[]> {
      return (await rowsOfTrace('spans', projectId, traceId, ['start_time', 'span_id'])).map(toSpanRow);
    },

    async getTraceEvents(projectId: string, traceId: string): Promise<SpanEventRow[]> {
      return (await rowsOfTrace('span_events', projectId, traceId, ['event_time', 'event_id'])).map(toSpanEventRow);
    },

    async getTraceEvals(projectId: string, traceId: string): Promise<EvalRow[]> {
      return (await rowsOfTrace('evaluations', projectId, traceId, ['eval_time', 'eval_id'])).map(toEvalRow);
    },

    async statsRollups(projectId: string, from: number, to: number, bucketMicros: number, filter: StatsFilter = {}): Promise<StatsRollups> {
      const bucketExpr = sql<number>`(bucket / ${sql.lit(bucketMicros)}) * ${sql.lit(bucketMicros)}`;
      // Every rollup is keyed by the (span's) trace's environment (migration 0021), so one condition filters them all.
      const { environment, excludeEnvironment } = filter;
      const inEnvironment = sql<boolean>`${sql.join([
        sql`1 = 1`,
        ...(environment !== undefined ? [sql`environment = ${environment}`] : []),
        ...(excludeEnvironment !== undefined ? [sql`environment <> ${excludeEnvironment}`] : []),
      ], sql` AND `)}`;
      const traceQuery = db
        .selectFrom(TRACE_ROLLUP.table)
        .where('project_id', '=', projectId)
        .where('bucket', '>=', from)
        .where('bucket', '<', to)
        .where(inEnvironment);
      const latencyQuery = db
        .selectFrom(LATENCY_ROLLUP.table)
        .where('project_id', '=', projectId)
        .where('bucket', '>=', from - (from % LATENCY_ROLLUP_MICROS))
        .where('bucket', '<', to)
        .where(inEnvironment);
      // Evaluations and decisions of traces in the window: one trace lookup per row (EXISTS), so a
      // window of many traces with few evaluations costs what the evaluations cost.
      const traceInWindow = (alias: 'e' | 'd') =>
        statsTraces(projectId, from, to, filter).select(sql.lit(1).as('one')).where('t.trace_id', '=', sql.ref<string>(`${alias}.trace_id`));
      let evalQuery = db
        .selectFrom('evaluations as e')
        .where('e.project_id', '=', projectId)
        .where((eb) => eb.exists(traceInWindow('e')));
      if (excludeEnvironment !== undefined) evalQuery = evalQuery.where('e.source', '<>', excludeEnvironment);
      const [traces, spans, latency, spanTypes, evals, decisions, unpriced] = await Promise.all([
        traceQuery
          .select([bucketExpr.as('bucket'), 'environment', 'model'])
          .select((eb) => TRACE_ROLLUP.counters.map((c) => eb.fn.sum(c).as(c)))
          .groupBy([bucketExpr, 'environment', 'model'])
          .execute(),
        db
          .selectFrom(SPAN_ROLLUP.table)
          .where('project_id', '=', projectId)
          .where('bucket', '>=', from)
          .where('bucket', '<', to)
          .where(inEnvironment)
          .select([bucketExpr.as('bucket'), 'environment', 'model'])
          .select((eb) => SPAN_ROLLUP.counters.map((c) => eb.fn.sum(c).as(c)))
          .groupBy([bucketExpr, 'environment', 'model'])
          .execute(),
        latencyQuery
          .select([bucketExpr.as('bucket'), 'environment', 'series', 'lat_bucket'])
          .select((eb) => LATENCY_ROLLUP.counters.map((c) => eb.fn.sum(c).as(c)))
          .groupBy([bucketExpr, 'environment', 'series', 'lat_bucket'])
          .execute(),
        db
          .selectFrom(SPAN_TYPE_ROLLUP.table)
          .where('project_id', '=', projectId)
          .where('bucket', '>=', from)
          .where('bucket', '<', to)
          .where(inEnvironment)
          .select('span_type')
          .select((eb) => SPAN_TYPE_ROLLUP.counters.map((c) => eb.fn.sum(c).as(c)))
          .groupBy('span_type')
          .execute(),
        evalQuery
          .select((eb) => [
            eb.fn.countAll().as('total'),
            eb.fn.sum(eb.case().when('e.passed', '=', features.bool(true)).then(1).else(0).end()).as('passed'),
            eb.fn.sum(eb.case().when('e.passed', '=', features.bool(false)).then(1).else(0).end()).as('failed'),
          ])
          .executeTakeFirst(),
        db
          .selectFrom('trace_decisions as d')
          .where('d.project_id', '=', projectId)
          .where((eb) => eb.exists(traceInWindow('d')))
          .select('d.action')
          .select((eb) => eb.fn.countAll().as('n'))
          .groupBy('d.action')
          .execute(),
        // Traces whose cost is a lower bound (a counted span without a price; partial index of 0021).
        statsTraces(projectId, from, to, filter)
          .where('t.unpriced_span_count', '>', 0)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst(),
      ]);
      const n = (v: unknown) => Number(v ?? 0);
      // Summed counters, as numbers (a sum over no rows is null: 0).
      const counters = <Row>(r: Record<string, unknown>, rollup: RollupTable<Row>) =>
        Object.fromEntries(rollup.counters.map((c) => [c, n(r[c])])) as Pick<Row, (typeof rollup.counters)[number]>;
      return {
        traces: traces.map((r) => ({
          project_id: projectId, bucket: n(r.bucket), environment: String(r.environment), model: String(r.model),
          ...(counters(r, TRACE_ROLLUP) as Omit<TraceRollupDelta, 'project_id' | 'bucket' | 'environment' | 'model'>),
        })),
        spans: spans.map((r) => ({
          project_id: projectId, bucket: n(r.bucket), environment: String(r.environment), model: String(r.model),
          ...(counters(r, SPAN_ROLLUP) as Omit<SpanRollupDelta, 'project_id' | 'bucket' | 'environment' | 'model'>),
        })),
        latency: latency.map((r) => ({
          project_id: projectId, bucket: n(r.bucket), environment: String(r.environment), series: String(r.series), lat_bucket: n(r.lat_bucket),
          ...(counters(r, LATENCY_ROLLUP) as Omit<LatencyRollupDelta, 'project_id' | 'bucket' | 'environment' | 'series' | 'lat_bucket'>),
        })),
        spanTypes: spanTypes
          .map((r) => ({ span_type: String(r.span_type), ...(counters(r, SPAN_TYPE_ROLLUP) as Pick<SpanTypeRollupDelta, 'spans' | 'errors'>) }))
          .filter((r) => r.spans > 0),
        evals: { total: n(evals?.total), passed: n(evals?.passed), failed: n(evals?.failed) },
        decisions: Object.fromEntries(decisions.map((r) => [String(r.action), n(r.n)])),
        unpricedTraces: n(unpriced?.n),
      };
    },

    async traceStatsRows(projectId: string, from: number, to: number, filter: StatsFilter, limit: number): Promise<TraceStatsRow[]> {
      const rows = await statsTraces(projectId, from, to, filter)
        .select(['t.start_time', 't.environment', 't.model', 't.status', 't.open_span_count', 't.input_tokens', 't.output_tokens', 't.total_tokens', 't.cost', 't.latency_ms'])
        .orderBy('t.start_time')
        .orderBy('t.trace_id')
        .limit(limit)
        .execute();
      const n = (v: unknown) => Number(v ?? 0);
      return rows.map((r) => ({
        project_id: projectId,
        start_time: n(r.start_time),
        environment: r.environment == null ? null : String(r.environment),
        model: r.model == null ? null : String(r.model),
        status: r.status as TraceStatsRow['status'],
        open_span_count: n(r.open_span_count),
        input_tokens: n(r.input_tokens),
        output_tokens: n(r.output_tokens),
        total_tokens: n(r.total_tokens),
        cost: n(r.cost),
        latency_ms: r.latency_ms == null ? null : Number(r.latency_ms),
      }));
    },

    async tracesOutside(projectId: string, from: number, to: number, filter: StatsFilter): Promise<TracesOutside> {
      const row = await statsTraces(projectId, undefined, undefined, filter)
        .select((eb) => [
          eb.fn.sum(eb.case().when('t.start_time', '<', from).then(1).else(0).end()).as('before'),
          eb.fn.sum(eb.case().when('t.start_time', '>=', to).then(1).else(0).end()).as('after'),
          eb.fn.max('t.start_time').as('latest'),
        ])
        .where((eb) => eb.or([eb('t.start_time', '<', from), eb('t.start_time', '>=', to)]))
        .executeTakeFirst();
      return { before: Number(row?.before ?? 0), after: Number(row?.after ?? 0), latest: row?.latest == null ? null : Number(row.latest) };
    },

    async listSessions(projectId: string, query: SessionFilter): Promise<{ rows: SessionRow[]; total: number }> {
      let base = db.selectFrom('traces as t').where('t.project_id', '=', projectId).where('t.session_id', 'is not', null);
      if (query.user_id) base = base.where('t.user_id', '=', query.user_id);
      if (query.from !== undefined) base = base.where('t.start_time', '>=', query.from);
      if (query.to !== undefined) base = base.where('t.start_time', '<', query.to);
      if (query.search) base = base.where(features.like('t.session_id', query.search));
      const [count, rows] = await Promise.all([
        base.select(sql<number>`count(distinct t.session_id)`.as('n')).executeTakeFirst(),
        base
          .select('t.session_id')
          .select((eb) => [
            eb.fn.countAll().as('trace_count'),
            eb.fn.min('t.start_time').as('first_time'),
            eb.fn.max('t.start_time').as('last_time'),
            sql<number>`count(distinct t.user_id)`.as('user_count'),
            eb.fn.sum(eb.case().when('t.status', '=', 'error').then(1).else(0).end()).as('error_count'),
            eb.fn.sum('t.total_tokens').as('total_tokens'),
            eb.fn.sum('t.cost').as('cost'),
            eb.fn.sum('t.unpriced_span_count').as('unpriced_span_count'),
          ])
          .groupBy('t.session_id')
          .orderBy('last_time', 'desc')
          .orderBy('t.session_id')
          .limit(query.page_size)
          .offset((query.page - 1) * query.page_size)
          .execute(),
      ]);
      // The page's users in order of first appearance, at most SESSION_USER_LIMIT per session (the count has them all).
      const ids = rows.map((r) => String(r.session_id));
      const users = new Map<string, string[]>(ids.map((id) => [id, []]));
      if (ids.length > 0) {
        const pairs = await base
          .where('t.session_id', 'in', ids)
          .where('t.user_id', 'is not', null)
          .select(['t.session_id', 't.user_id'])
          .select((eb) => eb.fn.min('t.start_time').as('first_seen'))
          .groupBy(['t.session_id', 't.user_id'])
          .orderBy('first_seen')
          .orderBy('t.user_id')
          .execute();
        for (const pair of pairs) {
          const list = users.get(String(pair.session_id));
          if (list && list.length < SESSION_USER_LIMIT) list.push(String(pair.user_id));
        }
      }
      return {
        total: Number(count?.n ?? 0),
        rows: rows.map((r) => ({
          session_id: String(r.session_id),
          trace_count: Number(r.trace_count),
          first_time: Number(r.first_time),
          last_time: Number(r.last_time),
          user_ids: users.get(String(r.session_id)) ?? [],
          user_count: Number(r.user_count ?? 0),
          error_count: Number(r.error_count ?? 0),
          total_tokens: Number(r.total_tokens ?? 0),
          cost: Number(r.cost ?? 0),
          unpriced_span_count: Number(r.unpriced_span_count ?? 0),
        })),
      };
    },

    async getSessionTraces(projectId: string, sessionId: string, limit: number): Promise<TraceRow[]> {
      const rows = await db
        .selectFrom('traces')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('session_id', '=', sessionId)
        .orderBy('start_time')
        .orderBy('trace_id')
        .limit(limit)
        .execute();
      return rows.map(toTraceRow);
    },

    async listSpans(projectId: string, f: SpanFilter): Promise<{ rows: SpanRow[]; total: number }> {
      let base = db.selectFrom('spans as s').where('s.project_id', '=', projectId);
      if (f.trace_id) base = base.where('s.trace_id', '=', f.trace_id);
      if (f.span_id) base = base.where('s.span_id', '=', f.span_id);
      if (f.name) base = base.where('s.name', '=', f.name);
      if (f.span_types) base = base.where('s.span_type', 'in', f.span_types.length > 0 ? f.span_types : ['']);
      if (f.parent_span_id) base = base.where('s.parent_span_id', '=', f.parent_span_id);
      if (f.level) base = base.where('s.level', '=', f.level);
      if (f.from !== undefined) base = base.where('s.start_time', '>=', f.from);
      if (f.to !== undefined) base = base.where('s.start_time', '<', f.to);
      if (f.root !== undefined) base = base.where('s.parent_span_id', f.root ? 'is' : 'is not', null);
      for (const [column, value] of [['user_id', f.user_id], ['session_id', f.session_id]] as const) {
        if (!value) continue;
        base = base.where('s.trace_id', 'in', (eb) =>
          eb.selectFrom('traces as u').select('u.trace_id').where('u.project_id', '=', projectId).where(`u.${column}`, '=', value));
      }
      const [count, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        base.selectAll('s').orderBy('s.start_time').orderBy('s.trace_id').orderBy('s.span_id')
          .limit(f.page_size).offset((f.page - 1) * f.page_size).execute(),
      ]);
      return { rows: rows.map(toSpanRow), total: Number(count?.n ?? 0) };
    },

    async listEvals(projectId: string, f: EvalFilter): Promise<{ rows: EvalRow[]; total: number }> {
      let base = db.selectFrom('evaluations as e').where('e.project_id', '=', projectId);
      if (f.trace_id) base = base.where('e.trace_id', '=', f.trace_id);
      if (f.span_id) base = base.where('e.span_id', '=', f.span_id);
      if (f.eval_id) base = base.where('e.eval_id', '=', f.eval_id);
      if (f.idempotency_key) base = base.where('e.idempotency_key', '=', f.idempotency_key);
      if (f.eval_name) base = base.where('e.eval_name', '=', f.eval_name);
      if (f.sources) base = base.where('e.source', 'in', f.sources.length > 0 ? f.sources : ['']);
      if (f.from !== undefined) base = base.where('e.eval_time', '>=', f.from);
      if (f.to !== undefined) base = base.where('e.eval_time', '<', f.to);
      if (f.user_id) {
        const userId = f.user_id;
        base = base.where('e.trace_id', 'in', (eb) =>
          eb.selectFrom('traces as u').select('u.trace_id').where('u.project_id', '=', projectId).where('u.user_id', '=', userId));
      }
      const [count, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        base.selectAll('e').orderBy('e.eval_time', 'desc').orderBy('e.eval_id', 'desc')
          .limit(f.page_size).offset((f.page - 1) * f.page_size).execute(),
      ]);
      return { rows: rows.map(toEvalRow), total: Number(count?.n ?? 0) };
    },
  };
}

/** The shared read queries. */
export type ReadQueries = ReturnType<typeof createReadQueries>;
