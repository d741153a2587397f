/**
 * Turns production traces into test cases: reads each trace's input as named values, maps them onto
 * the prompt's placeholders, skips inputs already in the dataset, and keeps expected.json stubs
 * for new cases only. Traces whose keys do not fit the placeholders are skipped and reported;
 * traces written by `tracehub experiment run` are skipped unless asked for.
 *
 * A case id is `trace_<trace id>` for the whole trace id when it is made of letters, digits, `_`
 * and `-` and at most 128 characters; otherwise `trace_<safe part, up to 40>_<first 16 hex of the
 * id's sha256>` (64 bits: collision-free in practice). The same trace always gets the same id, so
 * a case collected again (`--overwrite`) keeps the expectations written for it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, mapInputToPlaceholders, traceInputToObject } from '@tracehub/core';
import { EXPECTED_STUB, type ExpectedMap, type TestCase } from '../local/dataset-files.js';
import type { SourceTrace } from './trace-source.js';

/** What collect starts from. */
export interface CollectorOptions {
  existing: TestCase[];
  expected: ExpectedMap;
  placeholders: string[];
  mapping: Record<string, string>;
  /** append (default): add to the existing cases; overwrite: the collected cases replace them. */
  mode: 'append' | 'overwrite';
  limit: number;
  source: string;
  /** Add traces whose keys do not fit the placeholders anyway (as they are). */
  includeUnmatched?: boolean;
  /** Also collect traces written by `tracehub experiment run` (skipped by default). */
  includeExperiments?: boolean;
}

/** Traces whose input keys did not fit, grouped by the same mismatch. */
export interface Mismatch {
  missing: string[];
  unused: string[];
  traceIds: string[];
}

/** What one trace became. */
export type Offer = 'added' | 'duplicate' | 'no_input' | 'mismatch' | 'experiment';

/** A trace time to the millisecond, whatever precision its source gives (Trace Hub: microseconds, Langfuse: milliseconds). */
const atMillis = (timestamp: string) => {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp : new Date(ms).toISOString();
};
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** The case id of a trace: stable, from the whole trace id (see the file comment). */
export function caseIdOf(traceId: string): string {
  if (SAFE_ID.test(traceId)) return `trace_${traceId}`;
  const safe = traceId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
  const hash = createHash('sha256').update(traceId).digest('hex').slice(0, 16);
  return `trace_${safe ? `${safe}_` : ''}${hash}`;
}

/** Collects cases one trace at a time, up to `limit` new ones. */
export class CaseCollector {
  readonly added: TestCase[] = [];
  readonly mismatches: Mismatch[] = [];
  readonly automatic = new Map<string, string>();
  duplicates = 0;
  noInput = 0;
  experiments = 0;
  scanned = 0;
  private readonly inputs = new Set<string>();
  private readonly ids: Set<string>;

  constructor(private readonly options: CollectorOptions) {
    const kept = options.mode === 'append' ? options.existing : [];
    for (const c of kept) this.inputs.add(canonicalJson(c.inputs));
    // Overwrite: the existing cases go, so a trace collected again takes back its own id.
    this.ids = new Set(kept.map((c) => c.id));
  }

  /** True once `limit` new cases were found. */
  get done(): boolean {
    return this.added.length >= this.options.limit;
  }

  /** Considers one trace. */
  offer(trace: SourceTrace): Offer {
    this.scanned++;
    if (trace.experiment && !this.options.includeExperiments) {
      this.experiments++;
      return 'experiment';
    }
    const raw = traceInputToObject(trace.input, this.options.placeholders);
    if (!raw) {
      this.noInput++;
      return 'no_input';
    }
    const mapped = mapInputToPlaceholders(raw, this.options.placeholders, this.options.mapping);
    for (const { from, to } of mapped.automatic) this.automatic.set(from, to);
    let inputs = mapped.inputs;
    if (mapped.missing.length > 0) {
      const key = `${mapped.missing.join(',')}|${mapped.unused.join(',')}`;
      const group = this.mismatches.find((m) => `${m.missing.join(',')}|${m.unused.join(',')}` === key);
      if (group) group.traceIds.push(trace.id);
      else this.mismatches.push({ missing: mapped.missing, unused: mapped.unused, traceIds: [trace.id] });
      if (!this.options.includeUnmatched) return 'mismatch';
      inputs = { ...raw, ...mapped.inputs };
    }
    const key = canonicalJson(inputs);
    if (this.inputs.has(key)) {
      this.duplicates++;
      return 'duplicate';
    }
    this.inputs.add(key);
    const base = caseIdOf(trace.id);
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}_${n}`;
    this.ids.add(id);
    const where = `${trace.name ? ` "${trace.name}"` : ''}${trace.sessionId ? ` in session ${trace.sessionId}` : ''}`;
    this.added.push({
      id,
      description: `Collected from ${this.options.source} trace ${trace.id}${where} at ${atMillis(trace.timestamp)}`,
      inputs,
      ...(this.options.source === 'tracehub' ? { source_trace_id: trace.id } : { [`${this.options.source}_trace_id`]: trace.id }),
    });
    return 'added';
  }

  /**
   * The files' new content: cases (existing kept in append mode) and expected with stubs for new
   * cases only; in overwrite mode also which collected cases were there before (`recollected`, their
   * expectations kept) and which existing cases go (`removed`).
   */
  files(): { cases: TestCase[]; expected: ExpectedMap; recollected: TestCase[]; removed: TestCase[] } {
    const cases = this.options.mode === 'append' ? [...this.options.existing, ...this.added] : [...this.added];
    const keep = new Set(cases.map((c) => c.id));
    const before = new Set(this.options.existing.map((c) => c.id));
    const expected: ExpectedMap = {};
    for (const [id, entry] of Object.entries(this.options.expected)) if (keep.has(id)) expected[id] = entry;
    for (const c of this.added) if (!(c.id in expected)) expected[c.id] = structuredClone(EXPECTED_STUB);
    return {
      cases,
      expected,
      recollected: this.added.filter((c) => before.has(c.id)),
      removed: this.options.existing.filter((c) => !keep.has(c.id)),
    };
  }
}
