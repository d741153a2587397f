/** Test helper: a local dataset and prompt in a temp dir, and RunSpecs over them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newRunId, type RunSpec } from '../runner/run-spec.js';
import { parseEvaluatorList } from '../evaluators/create-evaluators.js';

/** A workspace with `datasets/<name>/` and `targets/<name>/` of `count` items; item i asks for "word-i". */
export function makeWorkspace(options: { count: number; name?: string; split?: boolean; expected?: (i: number) => unknown }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-evals-'));
  const name = options.name ?? 'qa';
  fs.mkdirSync(path.join(dir, 'datasets', name), { recursive: true });
  fs.mkdirSync(path.join(dir, 'targets', name), { recursive: true });
  const cases = Array.from({ length: options.count }, (_, i) => ({
    id: `case_${String(i).padStart(3, '0')}`,
    description: `case ${i}`,
    inputs: { word: `word-${i}` },
    ...(options.split ? { metadata: { dataset_split: i % 2 ? 'test' : 'train' } } : {}),
  }));
  const expected = Object.fromEntries(cases.map((c, i) => [c.id, options.expected ? options.expected(i) : { keywords: ['PASS'], forbidden: ['FORBIDDEN'], reference: {} }]));
  fs.writeFileSync(path.join(dir, 'datasets', name, 'test_cases.json'), JSON.stringify(cases, null, 2));
  fs.writeFileSync(path.join(dir, 'datasets', name, 'expected.json'), JSON.stringify(expected, null, 2));
  fs.writeFileSync(path.join(dir, 'targets', name, 'prompt.txt'), 'Say PASS for {word}.');
  fs.writeFileSync(path.join(dir, 'targets', name, '.metadata.yaml'), 'type: text\ntemplate_format: fstring\nconfig:\n  model: fake-model\n  temperature: 0\n');
  return dir;
}

/** A spec over the workspace's `qa` dataset and prompt. */
export function testSpec(overrides: Partial<RunSpec> & { baseUrl?: string } = {}): RunSpec {
  const { baseUrl, ...rest } = overrides;
  return {
    name: 'test-run',
    run_id: newRunId(),
    dataset: { name: 'qa', version: null, source: 'local', dir: null },
    prompt: { name: 'qa', label: null, version: null, source: 'local', dir: null },
    model: { provider: baseUrl ? 'openai' : 'offline', model: 'fake-model', base_url: baseUrl ?? null, parameters: {}, api_key_env: null, model_version: null },
    judge: null,
    evaluators: parseEvaluatorList('keywords,forbidden'),
    concurrency: 4,
    repetitions: 1,
    limit: null,
    trackers: [],
    cache: { enabled: false, dir: null },
    group_by: ['dataset_split'],
    link: { retrieval_version: null, evaluation_profile: 'test' },
    baseline: null,
    thresholds: {},
    out_dir: 'results',
    ...rest,
  };
}
