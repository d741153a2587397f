/**
 * What `tracehub import langfuse` has copied, in `.tracehub/import-langfuse-<hash>.json` (one file per
 * Langfuse server and Trace Hub project), so an interrupted import resumes where it stopped. The
 * server side stays the authority: idempotency keys and comparisons make a lost state file harmless.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../cli-error.js';
import { readJsonFile } from '../local/json-file.js';

/** The state of one import. */
export interface ImportState {
  version: 1;
  langfuseHost: string;
  /** Prompt name → Langfuse version → Trace Hub version. */
  prompts: Record<string, Record<string, number>>;
  /** Prompt name → the labels last set (`label=langfuseVersion,…`). */
  promptLabels: Record<string, string>;
  /** Dataset name → canonical hash of the items last copied. */
  datasets: Record<string, string>;
  /** Langfuse trace ids copied with their observations and scores. */
  traces: string[];
}

/** The default state file for a Langfuse host and a Trace Hub project, under `dir/.tracehub/`. */
export function defaultStatePath(dir: string, langfuseHost: string, traceHubHost: string, projectId: string): string {
  const hash = createHash('sha256').update(`${langfuseHost}\n${traceHubHost}\n${projectId}`).digest('hex').slice(0, 12);
  return path.join(dir, '.tracehub', `import-langfuse-${hash}.json`);
}

/** Reads the state (a fresh one when the file does not exist). */
export function loadState(file: string, langfuseHost: string): ImportState {
  const fresh: ImportState = { version: 1, langfuseHost, prompts: {}, promptLabels: {}, datasets: {}, traces: [] };
  if (!fs.existsSync(file)) return fresh;
  const value = readJsonFile(file).value as Partial<ImportState> | null;
  if (!value || value.version !== 1) throw new CliError(`${file} is not an import state of this tracehub version; delete it to start over.`);
  return { ...fresh, ...value };
}

/** Writes the state atomically (a crash leaves the old file or the new one, never half of one). */
export function saveState(file: string, state: ImportState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state)}\n`);
  fs.renameSync(temp, file);
}
