import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvalFile } from './eval-file.js';
import { parsePromptRef, parseThresholds } from './refs.js';

describe('tracehub.eval.yaml', () => {
  it('makes one run per prompt × model with the shared settings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalfile-'));
    const file = path.join(dir, 'tracehub.eval.yaml');
    fs.writeFileSync(file, `name: interview
dataset: prep_generate
prompts: [prep_generate@staging, "prep_generate:2"]
models:
  - gpt-4.1-mini
  - {provider: ollama, model: llama3.1, temperature: 0}
judge: {provider: openai, model: gpt-4.1-mini}
evaluators:
  - keywords
  - forbidden=0.5
  - {type: llm_judge, rubric: be strict, weight: 2}
  - {type: custom, module: ./tone.mjs}
concurrency: 8
trackers: tracehub+mlflow
thresholds: {score: 0.7}
evaluation_profile: ci
`);
    const specs = readEvalFile(file, { provider: 'openai', env: {} });
    expect(specs.map((s) => s.name)).toEqual([
      'interview-prep_generate-staging-gpt-4.1-mini', 'interview-prep_generate-staging-llama3.1',
      'interview-prep_generate-v2-gpt-4.1-mini', 'interview-prep_generate-v2-llama3.1',
    ]);
    const s = specs[1];
    expect(s.prompt).toMatchObject({ name: 'prep_generate', label: 'staging', version: null, dir: path.join(dir, 'targets') });
    expect(s.model).toMatchObject({ provider: 'ollama', model: 'llama3.1', parameters: { temperature: 0 } });
    expect(s.judge).toMatchObject({ provider: 'openai', model: 'gpt-4.1-mini' });
    expect(s.evaluators).toEqual([{ type: 'keywords' }, { type: 'forbidden', threshold: 0.5 }, { type: 'llm_judge', rubric: 'be strict', weight: 2 }, { type: 'custom', module: path.join(dir, 'tone.mjs') }]);
    expect(s).toMatchObject({ concurrency: 8, trackers: ['tracehub', 'mlflow'], thresholds: { score: 0.7 }, link: { evaluation_profile: 'ci' }, out_dir: 'results' });
    expect(new Set(specs.map((x) => x.run_id)).size).toBe(4);
  });

  it('required_trackers: recorded on every run and the default trackers (seed 004: mlflow+phoenix)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalfile-'));
    const file = path.join(dir, 'tracehub.eval.yaml');
    fs.writeFileSync(file, 'dataset: x\nprompts: [p]\nrequired_trackers: [mlflow, phoenix]\n');
    expect(readEvalFile(file, { provider: 'openai', env: {} })[0]).toMatchObject({ trackers: ['mlflow', 'phoenix'], required_trackers: ['mlflow', 'phoenix'] });
    fs.writeFileSync(file, 'dataset: x\nprompts: [p]\ntrackers: tracehub\nrequired_trackers: mlflow+phoenix\n');
    expect(readEvalFile(file, { provider: 'openai', env: {} })[0]).toMatchObject({ trackers: ['tracehub'], required_trackers: ['mlflow', 'phoenix'] });
    fs.writeFileSync(file, 'dataset: x\nprompts: [p]\nrequired_trackers: mlflow+wandb\n');
    expect(() => readEvalFile(file, { provider: 'openai', env: {} })).toThrow(/Unknown tracker "wandb"/);
  });

  it('says what is wrong', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalfile-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'dataset: x\n');
    expect(() => readEvalFile(file, { provider: 'openai', env: {} })).toThrow(/prompts is required/);
    fs.writeFileSync(file, 'dataset: x\nprompts: [p]\ntrackers: tracehub+wandb\n');
    expect(() => readEvalFile(file, { provider: 'openai', env: {} })).toThrow(/Unknown tracker "wandb"/);
    expect(() => readEvalFile(path.join(dir, 'missing.yaml'), { provider: 'openai', env: {} })).toThrow(/does not exist/);
    expect(() => parsePromptRef('p@Bad')).toThrow(/not a label/);
    expect(parseThresholds('0.8')).toEqual({ score: 0.8 });
    expect(parseThresholds('pass_rate=0.9,keywords=1')).toEqual({ pass_rate: 0.9, keywords: 1 });
  });

  it('pass_at_k: k values checked against repetitions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalfile-'));
    const file = path.join(dir, 'tracehub.eval.yaml');
    const write = (extra: string) => fs.writeFileSync(file, `dataset: qa\nprompts: [qa]\nmodels: [m]\nevaluators: [keywords]\n${extra}`);
    write('repetitions: 5\npass_at_k: [5, 1]\n');
    expect(readEvalFile(file, { provider: 'openai', env: {} })[0]).toMatchObject({ repetitions: 5, pass_at_k: [1, 5] });
    write('repetitions: 2\npass_at_k: [1, 3]\n');
    expect(() => readEvalFile(file, { provider: 'openai', env: {} })).toThrow(`${file}: pass_at_k: pass@3 needs at least 3 repetitions of every item; the run has 2 (raise --repetitions or lower k).`);
    write('repetitions: 2\npass_at_k: two\n');
    expect(() => readEvalFile(file, { provider: 'openai', env: {} })).toThrow(/pass_at_k: k values must be whole numbers/);
    write('');
    expect(readEvalFile(file, { provider: 'openai', env: {} })[0]).not.toHaveProperty('pass_at_k');
  });
});
