import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { specFromFlags, type RunFlags } from './experiment-run-spec.js';

const flags = (extra: Partial<RunFlags> = {}): RunFlags => ({ out: 'results', cache: true, dataset: 'qa:3', prompt: 'qa@staging', ...extra });

describe('experiment run flags', () => {
  it('build the run spec', () => {
    const spec = specFromFlags(
      flags({ model: 'llama3.1', provider: 'ollama', temperature: '0.2', param: ['seed=7', 'stop=["\\n"]'], evaluators: 'keywords=0.5,llm_judge', rubric: 'be strict', judgeModel: 'judge', concurrency: 8, tracker: 'tracehub+mlflow', threshold: 'score=0.7', local: true }),
      {},
    );
    expect(spec.dataset).toEqual({ name: 'qa', version: 3, source: 'local', dir: null });
    expect(spec.prompt).toEqual({ name: 'qa', label: 'staging', version: null, source: 'local', dir: null });
    expect(spec.model).toMatchObject({ provider: 'ollama', model: 'llama3.1', base_url: null, parameters: { temperature: 0.2, seed: 7, stop: ['\n'] } });
    expect(spec.judge).toMatchObject({ provider: 'ollama', model: 'judge' });
    expect(spec.evaluators).toEqual([{ type: 'keywords', threshold: 0.5 }, { type: 'llm_judge', rubric: 'be strict' }]);
    expect(spec).toMatchObject({ concurrency: 8, trackers: ['tracehub', 'mlflow'], thresholds: { score: 0.7 }, cache: { enabled: true, dir: null } });
    expect(spec.name).toMatch(/^qa-llama3\.1-\d{8}-\d{6}$/);
  });

  it('take defaults from the environment', () => {
    const spec = specFromFlags(flags(), { TRACEHUB_TRACKERS: 'mlflow+phoenix', TRACEHUB_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://gpu:8000/v1', TRACEHUB_EVALUATION_PROFILE: 'prod' });
    expect(spec.trackers).toEqual(['mlflow', 'phoenix']);
    expect(spec.model).toMatchObject({ provider: 'openai', base_url: 'http://gpu:8000/v1' });
    expect(spec.link.evaluation_profile).toBe('prod');
    expect(spec.evaluators.map((e) => e.type)).toEqual(['keywords', 'forbidden', 'reference']);
  });

  it('refuse bad flags with a CliError', () => {
    expect(() => specFromFlags(flags({ dataset: undefined }), {})).toThrow(CliError);
    expect(() => specFromFlags(flags({ local: true, server: true }), {})).toThrow(/--local or --server, not both/);
    expect(() => specFromFlags(flags({ temperature: 'hot' }), {})).toThrow(/must be a number/);
    expect(() => specFromFlags(flags({ tracker: 'none+mlflow' }), {})).toThrow(/Unknown tracker "none"/);
  });
});
