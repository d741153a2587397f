/**
 * A/B tests (docs/ab-tests.md): definitions, assignment, and results over the traces attributed to
 * a test (trace attributes `ab.test_id`, `ab.variant`), read bounded from storage.
 */
import { randomBytes } from 'node:crypto';
import { isoToMicros, microsToIso, type AbResultsView, type AbTestCreate, type AbTestView, type AbVariant } from '@tracehub/core';
import { ConflictError, NotFoundError } from '../domain-errors.js';
import type { AbTestRow, AbTestStore } from '../storage/ab-test-store.js';
import { assignVariant } from './assign.js';
import { buildResults } from './results.js';
import { sampleRatioCheck } from './statistics.js';

/** Most traces one results read looks at (the newest); more sets `truncated`. */
export const AB_RESULTS_TRACE_LIMIT = 200_000;
/** Most evaluations one results read looks at. */
const AB_RESULTS_EVAL_LIMIT = 500_000;

/** What `definition` (JSON text) holds: the created body without the name, plus the salt. */
type Definition = Omit<AbTestCreate, 'name' | 'salt'> & { salt: string };

function toView(row: AbTestRow, now: number): AbTestView {
  const d = JSON.parse(row.definition) as Definition;
  const start = d.start_at ? isoToMicros(d.start_at) : null;
  const stop = d.stop_at ? isoToMicros(d.stop_at) : null;
  const status = start !== null && now < start ? 'scheduled' : stop !== null && now >= stop ? 'stopped' : 'running';
  return {
    test_id: row.test_id, name: row.name, description: d.description ?? null, unit: d.unit, salt: d.salt,
    variants: d.variants, control: d.variants[0].key, primary_metric: d.primary_metric, guardrail_metrics: d.guardrail_metrics,
    minimum_lift: d.minimum_lift, start_at: d.start_at ?? null, stop_at: d.stop_at ?? null, status, created_at: microsToIso(row.created_at),
  };
}

/** The A/B test service over its store; `now` in microseconds. */
export function createAbTestService(store: AbTestStore, now: () => number) {
  const find = async (projectId: string, idOrName: string): Promise<AbTestView> => {
    const row = await store.get(projectId, idOrName);
    if (!row) throw new NotFoundError(`No A/B test "${idOrName}" in this project.`);
    return toView(row, now());
  };
  /** The traces of the test in its window, bounded, with their evaluations. */
  const read = async (projectId: string, test: AbTestView) => {
    const window = {
      from: (test.start_at ? isoToMicros(test.start_at) : null) ?? undefined,
      to: (test.stop_at ? isoToMicros(test.stop_at) : null) ?? undefined,
      limit: AB_RESULTS_TRACE_LIMIT,
    };
    return store.traces(projectId, test.test_id, window);
  };

  return {
    async create(projectId: string, body: AbTestCreate): Promise<AbTestView> {
      const at = now();
      const { name, salt, ...rest } = body;
      const testId = `ab_${randomBytes(8).toString('hex')}`;
      const definition: Definition = { ...rest, salt: salt ?? randomBytes(12).toString('hex') };
      const row: AbTestRow = { project_id: projectId, test_id: testId, name, definition: JSON.stringify(definition), created_at: at, updated_at: at };
      if ((await store.create(row)) === 'conflict') throw new ConflictError(`An A/B test named "${name}" already exists in this project.`);
      return toView(row, at);
    },
    async list(projectId: string): Promise<{ tests: AbTestView[] }> {
      const at = now();
      return { tests: (await store.list(projectId)).map((r) => toView(r, at)) };
    },
    get: find,
    /** The variant of a unit: the same rule the SDKs compute locally (assign.ts). */
    async assign(projectId: string, idOrName: string, unitId: string): Promise<{ test_id: string; unit_id: string; variant: AbVariant; attributes: Record<string, string> }> {
      const test = await find(projectId, idOrName);
      const key = assignVariant(test, unitId);
      const variant = test.variants.find((v) => v.key === key) as AbVariant;
      return { test_id: test.test_id, unit_id: unitId, variant, attributes: { 'ab.test_id': test.test_id, 'ab.variant': key } };
    },
    async results(projectId: string, idOrName: string, alpha: number): Promise<AbResultsView> {
      const test = await find(projectId, idOrName);
      const traces = await read(projectId, test);
      const evals = await store.evals(projectId, traces.rows.map((r) => r.trace_id), AB_RESULTS_EVAL_LIMIT);
      return buildResults(test, traces.rows, evals, alpha, traces.truncated);
    },
    /** The sample-ratio p-value of a running test (alert rules of kind `ab_srm`); null when absent or not running. */
    async sampleRatioPValue(projectId: string, idOrName: string): Promise<number | null> {
      const row = await store.get(projectId, idOrName);
      if (!row) return null;
      const test = toView(row, now());
      if (test.status !== 'running') return null;
      const traces = await read(projectId, test);
      const units = new Map<string, string>();
      for (const r of traces.rows) {
        const unit = (test.unit === 'user_id' ? r.user_id : r.session_id) ?? `trace:${r.trace_id}`;
        if (r.variant && !units.has(unit)) units.set(unit, r.variant);
      }
      const counts = test.variants.map((v) => [...units.values()].filter((k) => k === v.key).length);
      return sampleRatioCheck(counts, test.variants.map((v) => v.weight)).p_value;
    },
  };
}

export type AbTestService = ReturnType<typeof createAbTestService>;
