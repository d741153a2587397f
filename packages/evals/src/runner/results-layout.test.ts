import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { verifyManifest } from '../report/manifest.js';
import { artifactPath, artifactUploads, resultsPaths } from './results-layout.js';
import { prepareRun, type PrepareOptions } from './prepare-run.js';
import { runExperiment } from './run-experiment.js';

/** Seed 004's artifact folders (아티팩트 폴더 구조). */
const SEED_FOLDERS = ['dataset', 'metrics', 'analysis', 'reports', 'prompts', 'config'];

describe('results layout', () => {
  it('artifactPath: the files SPEC §6 keeps at the top go into seed 004 folders; the rest keep their path', () => {
    expect(['metrics.json', 'metrics.csv', 'report.md', 'items.jsonl', 'manifest.json'].map(artifactPath)).toEqual([
      'metrics/metrics.json', 'metrics/metrics.csv', 'reports/report.md', 'analysis/items.jsonl', 'manifest.json',
    ]);
    for (const file of ['analysis/analysis.json', 'analysis/analysis.md', 'reports/report.html', 'reports/report.xlsx', 'prompts/prompt_snapshot.json', 'config/run_config.json', 'dataset/test_cases.json']) {
      expect(artifactPath(file)).toBe(file);
    }
    for (const file of ['metrics.json.bak', 'constructor', 'toString', '__proto__']) expect(artifactPath(file)).toBe(file);
  });

  it('a run writes every file of the layout; each uploads into a seed folder (the manifest at the root); a resumed old run loses its top-level report.xlsx', async () => {
    const cwd = makeWorkspace({ count: 3, split: true });
    const options: PrepareOptions = { cwd, env: {}, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' }, trackers: [] };
    const spec = testSpec({ name: 'layout' });
    const first = await runExperiment(await prepareRun(spec, options));
    const p = resultsPaths(first.dir);
    for (const file of [p.report, p.metrics, p.metricsCsv, p.items, p.manifest, p.analysis, p.analysisMd, p.reportHtml, p.xlsx, p.promptSnapshot, p.runConfig, p.modelConfig]) {
      expect(fs.existsSync(file), file).toBe(true);
    }
    const uploads = artifactUploads(first.dir, first.manifest.files);
    expect(uploads.map((u) => u.file)).toEqual([...first.manifest.files.map((f) => f.path), 'manifest.json']);
    for (const u of uploads) {
      expect(fs.existsSync(u.localPath), u.localPath).toBe(true);
      expect(u.artifactPath === 'manifest.json' || SEED_FOLDERS.includes(u.artifactPath.split('/')[0]), u.artifactPath).toBe(true);
    }

    // A results folder from before reports/report.xlsx: --resume rewrites the results without the old file.
    fs.writeFileSync(path.join(first.dir, 'report.xlsx'), 'old');
    const resumed = await runExperiment(await prepareRun(spec, { ...options, resumeDir: first.dir }));
    expect(fs.existsSync(path.join(first.dir, 'report.xlsx'))).toBe(false);
    expect(resumed.itemsRun).toBe(0);
    expect(resumed.manifest.files.map((f) => f.path)).not.toContain('report.xlsx');
    expect(verifyManifest(resumed.dir, resumed.manifest)).toEqual([]);
  });
});
