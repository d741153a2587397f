/**
 * The work of `tracehub import langfuse`: prompts (every version, then the labels), datasets and
 * their items, then the traces of a time range with their observations and scores, written through
 * Trace Hub's own API. Each step records itself in the state file; what is already in Trace Hub is
 * compared before writing (prompts, datasets) or refused as a duplicate by its idempotency key
 * (traces, scores), so running the import again copies nothing new.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@tracehub/core';
import { ApiError, type JsonApi } from '@tracehub/evals';
import { CliError, errorLine } from '../cli-error.js';
import { startProgress } from '../progress.js';
import {
  datasetBody,
  datasetItem,
  evalOf,
  promptContent,
  promptKey,
  settableLabels,
  traceBody,
  type LangfusePrompt,
  type PromptContent,
} from './import-langfuse-mapping.js';
import type { LangfuseReader } from './import-langfuse-reader.js';
import type { ImportState } from './import-langfuse-state.js';

/** New and already-present counts of one kind. */
export interface Tally {
  new: number;
  existing: number;
}

/** What one run did. */
export interface ImportCounts {
  promptVersions: Tally;
  promptLabels: number;
  datasets: Tally;
  datasetItems: Tally;
  traces: Tally;
  observations: number;
  scores: Tally;
  /** One line per item that could not be copied (the run goes on without it). */
  failures: string[];
}

/** Where and what to import. */
export interface ImportJob {
  reader: LangfuseReader;
  traceHub: JsonApi;
  state: ImportState;
  save(): void;
  /** Traces from (inclusive) and to (exclusive), ISO times; `from` undefined = from the start. */
  from?: string;
  to: string;
}

interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  items: Array<{ kind: string; id: string; status: string; reason?: string }>;
}

interface ThVersion {
  version: number;
  type: string;
  prompt: unknown;
  config: unknown;
  template_format: string;
  labels: string[];
}

const ITEM_CHUNK = 1000;
const tally = (): Tally => ({ new: 0, existing: 0 });

/** A failure of this item only (Trace Hub refused its content); anything else stops the run. */
function isItemFailure(error: unknown): boolean {
  return error instanceof ApiError ? error.kind === 'failed' && error.status !== null && error.status < 500 : !(error instanceof CliError);
}

/** Counts before a run. */
export function emptyCounts(): ImportCounts {
  return {
    promptVersions: tally(),
    promptLabels: 0,
    datasets: tally(),
    datasetItems: tally(),
    traces: tally(),
    observations: 0,
    scores: tally(),
    failures: [],
  };
}

/**
 * Runs the import, counting into `counts`; throws on the first failure that is not about one item
 * (the state is saved, and `counts` says what was copied until then).
 */
export async function runLangfuseImport(job: ImportJob, counts: ImportCounts): Promise<void> {
  const attempt: Attempt = async (what, work) => {
    try {
      await work();
      return true;
    } catch (error) {
      if (!isItemFailure(error)) throw error;
      counts.failures.push(`${what}: ${errorLine(error)}`);
      return false;
    }
  };
  try {
    await importPrompts(job, counts, attempt);
    await importDatasets(job, counts, attempt);
    await importTraces(job, counts, attempt);
  } finally {
    job.save();
  }
}

/** Runs the work of one item; false (and a failure line) when Trace Hub refused that item. */
type Attempt = (what: string, work: () => Promise<void>) => Promise<boolean>;

async function importPrompts(job: ImportJob, counts: ImportCounts, attempt: Attempt): Promise<void> {
  const list = await job.reader.promptList();
  const bar = startProgress('prompts ', list.reduce((n, p) => n + p.versions.length, 0));
  try {
    for (const meta of list) {
      const versions: LangfusePrompt[] = [];
      for (const v of [...meta.versions].sort((a, b) => a - b)) {
        versions.push(await job.reader.prompt(meta.name, v));
        bar.tick();
      }
      await attempt(`prompt ${meta.name}`, () => importPrompt(job, counts, meta.name, versions));
    }
  } finally {
    bar.stop();
  }
}

/** Trace Hub's versions of a prompt, oldest first (none when it does not exist). */
async function traceHubVersions(api: JsonApi, name: string): Promise<ThVersion[]> {
  try {
    const answer = await api.get<{ items: ThVersion[] }>(`/prompts/${encodeURIComponent(name)}/versions`);
    return [...answer.items].sort((a, b) => a.version - b.version);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

/**
 * The Trace Hub version holding `content`: the first one after `floor` with the same content (copied
 * before), else a new one. `existing` (oldest first) gets the new version.
 */
async function copyVersion(api: JsonApi, counts: ImportCounts, content: PromptContent, existing: ThVersion[], floor: number): Promise<number> {
  const key = promptKey(content);
  const match = existing.find((t) => t.version > floor && promptKey(t) === key);
  if (match) {
    counts.promptVersions.existing++;
    return match.version;
  }
  const created = await api.post<{ created: boolean; prompt: ThVersion }>('/prompts', content);
  // Not created: the content equals Trace Hub's newest version (two equal Langfuse versions in a row).
  counts.promptVersions[created.created ? 'new' : 'existing']++;
  if (created.created) existing.push(created.prompt);
  return created.prompt.version;
}

async function importPrompt(job: ImportJob, counts: ImportCounts, name: string, versions: LangfusePrompt[]): Promise<void> {
  const mapped = job.state.prompts[name] ?? {};
  const labels = versions.flatMap((v) => settableLabels(v).map((l) => `${l}=${v.version}`)).sort().join(',');
  if (versions.every((v) => mapped[v.version]) && job.state.promptLabels[name] === labels) {
    counts.promptVersions.existing += versions.length;
    return;
  }
  const contents = versions.map((v) => ({ version: v.version, content: promptContent(v) }));
  const existing = await traceHubVersions(job.traceHub, name);
  let floor = 0;
  for (const { version, content } of contents) {
    const known = mapped[version];
    if (known) counts.promptVersions.existing++;
    const target = known ?? (await copyVersion(job.traceHub, counts, content, existing, floor));
    mapped[version] = target;
    job.state.prompts[name] = mapped;
    floor = Math.max(floor, target);
  }
  // Labels last: each goes to the Trace Hub version of the Langfuse version that carries it.
  const current = await traceHubVersions(job.traceHub, name);
  const wanted = new Map<number, string[]>();
  for (const v of versions) {
    const target = mapped[v.version];
    const missing = settableLabels(v).filter((l) => !current.find((t) => t.version === target)?.labels.includes(l));
    if (missing.length > 0) wanted.set(target, [...(wanted.get(target) ?? []), ...missing]);
  }
  for (const [target, moved] of wanted) {
    await job.traceHub.post(`/prompts/${encodeURIComponent(name)}/versions/${target}/labels`, { labels: moved });
    counts.promptLabels += moved.length;
  }
  job.state.promptLabels[name] = labels;
  job.save();
}

async function importDatasets(job: ImportJob, counts: ImportCounts, attempt: Attempt): Promise<void> {
  const datasets = await job.reader.datasets();
  const present = new Map(
    (await job.traceHub.get<{ items: Array<{ name: string; description: string | null; metadata: unknown }> }>('/datasets')).items.map((d) => [d.name, d]),
  );
  const bar = startProgress('datasets', datasets.length);
  try {
    for (const dataset of datasets) {
      const items = (await job.reader.datasetItems(dataset.name)).map(datasetItem);
      const body = datasetBody(dataset);
      const hash = createHash('sha256').update(canonicalJson({ body, items })).digest('hex');
      await attempt(`dataset ${dataset.name}`, async () => {
        if (job.state.datasets[dataset.name] === hash) {
          counts.datasets.existing++;
          counts.datasetItems.existing += items.length;
          return;
        }
        const stored = present.get(body.name);
        if (!stored || stored.description !== body.description || canonicalJson(stored.metadata) !== canonicalJson(body.metadata)) {
          await job.traceHub.post('/datasets', body);
        }
        counts.datasets[stored ? 'existing' : 'new']++;
        for (let i = 0; i < items.length; i += ITEM_CHUNK) {
          const chunk = items.slice(i, i + ITEM_CHUNK);
          const answer = await job.traceHub.post<{ added: number; updated: number; unchanged: number }>(
            `/datasets/${encodeURIComponent(body.name)}/items`,
            { items: chunk, mode: 'merge', message: 'Imported from Langfuse' },
          );
          counts.datasetItems.new += answer.added + answer.updated;
          counts.datasetItems.existing += answer.unchanged;
        }
        job.state.datasets[dataset.name] = hash;
        job.save();
      });
      bar.tick();
    }
  } finally {
    bar.stop();
  }
}

function rejections(answer: IngestAnswer): string {
  const first = answer.items.find((i) => i.status === 'rejected');
  return `${answer.rejected} rejected (first: ${first?.kind} ${first?.id}: ${first?.reason})`;
}

async function importTraces(job: ImportJob, counts: ImportCounts, attempt: Attempt): Promise<void> {
  const copied = new Set(job.state.traces);
  const bar = startProgress('traces  ', 0);
  try {
    for await (const page of job.reader.traces(job.from, job.to, (total) => bar.setTotal(total))) {
      for (const listed of page) {
        bar.tick();
        if (copied.has(listed.id)) {
          counts.traces.existing++;
          continue;
        }
        const trace = await job.reader.trace(listed.id);
        let complete = await attempt(`trace ${listed.id}`, async () => {
          const body = traceBody(trace);
          const answer = await job.traceHub.post<IngestAnswer>('/ingest/traces', body);
          const traceItem = answer.items.find((i) => i.kind === 'trace');
          counts.traces[traceItem?.status === 'accepted' ? 'new' : 'existing']++;
          counts.observations += body.spans.length;
          if (answer.rejected > 0) throw new Error(rejections(answer));
        });
        const scores = trace.scores ?? [];
        if (complete && scores.length > 0) {
          complete = await attempt(`scores of trace ${listed.id}`, async () => {
            const answer = await job.traceHub.post<IngestAnswer>('/evals', { evals: scores.map((s) => evalOf(s, trace.id)) });
            counts.scores.new += answer.accepted;
            counts.scores.existing += answer.duplicates;
            if (answer.rejected > 0) throw new Error(rejections(answer));
          });
        }
        if (complete) {
          copied.add(listed.id);
          job.state.traces.push(listed.id);
        }
      }
      job.save();
    }
  } finally {
    bar.stop();
  }
}
