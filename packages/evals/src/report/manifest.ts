/** manifest.json: what was evaluated, and the sha256 and size of every file of a results directory (seed 004 snapshot rule). */
import fs from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../hashing.js';
import type { EvaluatedSources } from '../runner/run-description.js';

/** One file of the manifest; `path` is relative to the results directory, with `/` separators. */
export interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
}

/** The manifest document. */
export interface Manifest {
  run_id: string;
  experiment_name: string;
  created_at: string;
  /** How the run ended and its counts (metrics.json `counts`: `errors` is countErrored), when known. */
  status?: 'completed' | 'interrupted';
  counts?: { items: number; passed: number; failed: number; errors: number };
  /** What was evaluated: the dataset and prompt version, where they came from (server or local) and their sha256. */
  dataset?: EvaluatedSources['dataset'];
  prompt?: EvaluatedSources['prompt'];
  files: ManifestEntry[];
}

/** The manifest's own file name; it is not listed in itself. */
export const MANIFEST_FILE = 'manifest.json';

function walk(dir: string, base: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
}

/** Hashes every file under `dir` (except manifest.json and temp files), sorted by path. */
export function buildManifest(dir: string, runId: string, name: string, outcome?: Pick<Manifest, 'status' | 'counts' | 'dataset' | 'prompt'>): Manifest {
  const files: string[] = [];
  walk(dir, dir, files);
  return {
    run_id: runId,
    experiment_name: name,
    created_at: new Date().toISOString(),
    ...outcome,
    files: files
      .filter((f) => f !== MANIFEST_FILE && !f.endsWith('.tmp'))
      .sort()
      .map((f) => {
        const data = fs.readFileSync(path.join(dir, f));
        return { path: f, sha256: sha256Hex(data), bytes: data.length };
      }),
  };
}

/** Re-hashes the files a manifest lists; answers the paths whose content no longer matches. */
export function verifyManifest(dir: string, manifest: Manifest): string[] {
  return manifest.files
    .filter((f) => {
      const file = path.join(dir, f.path);
      return !fs.existsSync(file) || sha256Hex(fs.readFileSync(file)) !== f.sha256;
    })
    .map((f) => f.path);
}
