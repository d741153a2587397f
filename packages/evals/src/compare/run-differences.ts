/**
 * What two runs do not share — evaluators, items, dataset, prompt — said one line per difference. A
 * comparison (CLI, API and the `--baseline` gate alike) compares only what both share and carries
 * this report; the gate refuses a baseline with evaluators or items the run lacks.
 */
import type { RunDifferences } from '@tracehub/core';

/** What a run evaluated (null fields: not recorded). */
export interface RunSubject {
  name: string | null;
  version: string | null;
  /** Dataset: sha256 of its items; prompt: its content hash. */
  sha256: string | null;
}

/** A run as far as the difference report needs it. */
export interface RunOutline {
  name: string;
  items: Array<{ key: string; scores: Record<string, unknown> }>;
  dataset?: RunSubject | null;
  prompt?: RunSubject | null;
}

/** Most item keys listed per side. */
const LISTED_KEYS = 100;
/** Item keys named in a note. */
const NOTE_KEYS = 5;

/** The evaluators that scored any item of the run, sorted. */
export function runEvaluators(run: RunOutline): string[] {
  const names = new Set<string>();
  for (const item of run.items) for (const name of Object.keys(item.scores)) names.add(name);
  return [...names].sort();
}

/** Whether two subjects differ: by hash when both have one, else by name and version; null when unknown. */
function subjectDiffers(a: RunSubject | null, b: RunSubject | null): boolean | null {
  if (!a || !b) return null;
  if (a.name !== b.name) return true;
  if (a.sha256 && b.sha256) return a.sha256 !== b.sha256;
  if (a.version === null || b.version === null) return null;
  return a.version !== b.version;
}

/** A dataset or prompt in words: `name:version (sha256 …)`. */
export const describeSubject = (s: RunSubject) => `${s.name ?? '?'}${s.version ? `:${s.version}` : ''}${s.sha256 ? ` (sha256 ${s.sha256.slice(0, 12)})` : ''}`;

const someKeys = (keys: string[], total: number) => `${keys.slice(0, NOTE_KEYS).join(', ')}${total > NOTE_KEYS ? ', …' : ''}`;

/** The difference report of B against A (A: the baseline). */
export function runDifferences(a: RunOutline, b: RunOutline): RunDifferences {
  const evalsA = runEvaluators(a);
  const evalsB = runEvaluators(b);
  const keysA = new Set(a.items.map((i) => i.key));
  const keysB = new Set(b.items.map((i) => i.key));
  const onlyA = [...keysA].filter((k) => !keysB.has(k)).sort();
  const onlyB = [...keysB].filter((k) => !keysA.has(k)).sort();
  const shared = evalsA.filter((e) => evalsB.includes(e));
  const evaluatorsOnlyA = evalsA.filter((e) => !evalsB.includes(e));
  const evaluatorsOnlyB = evalsB.filter((e) => !evalsA.includes(e));
  const dataset = { a: a.dataset ?? null, b: b.dataset ?? null, differs: subjectDiffers(a.dataset ?? null, b.dataset ?? null) };
  const prompt = { a: a.prompt ?? null, b: b.prompt ?? null, differs: subjectDiffers(a.prompt ?? null, b.prompt ?? null) };
  const notes: string[] = [];
  const sides = `A ${a.name}, B ${b.name}`;
  if (evaluatorsOnlyA.length || evaluatorsOnlyB.length) {
    const parts = [evaluatorsOnlyA.length ? `${evaluatorsOnlyA.join(', ')} only in A` : '', evaluatorsOnlyB.length ? `${evaluatorsOnlyB.join(', ')} only in B` : ''].filter(Boolean);
    notes.push(`evaluators differ (${sides}): ${parts.join('; ')}; compared on ${shared.length ? shared.join(', ') : 'no evaluator'} only`);
  }
  if (onlyA.length) notes.push(`${onlyA.length} item${onlyA.length > 1 ? 's' : ''} only in A ${a.name} (${someKeys(onlyA, onlyA.length)}); not compared`);
  if (onlyB.length) notes.push(`${onlyB.length} item${onlyB.length > 1 ? 's' : ''} only in B ${b.name} (${someKeys(onlyB, onlyB.length)}); not compared`);
  if (dataset.differs) notes.push(`datasets differ: A ${describeSubject(dataset.a!)}, B ${describeSubject(dataset.b!)}`);
  if (prompt.differs) notes.push(`prompts differ: A ${describeSubject(prompt.a!)}, B ${describeSubject(prompt.b!)}`);
  return {
    evaluators: shared,
    evaluators_only_in_a: evaluatorsOnlyA,
    evaluators_only_in_b: evaluatorsOnlyB,
    items_only_in_a: onlyA.slice(0, LISTED_KEYS),
    items_only_in_b: onlyB.slice(0, LISTED_KEYS),
    dataset,
    prompt,
    notes,
  };
}

/** The dataset and prompt a run stored on the server names (its link keys). */
export function experimentSubjects(e: { dataset_name: string; dataset_version: string | null; dataset_sha256: string | null; prompt_name: string | null; prompt_version: string | null }): {
  dataset: RunSubject;
  prompt: RunSubject | null;
} {
  return {
    dataset: { name: e.dataset_name, version: e.dataset_version, sha256: e.dataset_sha256 },
    prompt: e.prompt_name || e.prompt_version ? { name: e.prompt_name, version: e.prompt_version, sha256: null } : null,
  };
}
