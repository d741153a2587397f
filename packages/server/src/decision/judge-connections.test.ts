/** Judge connections and outbound settings from the environment and TRACEHUB_CONNECTIONS_FILE. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../storage/testing/test-stores.js';
import { findConnection, loadDecisionConfig } from './decision-config.js';

describe('judge connections', () => {
  it('reads the file (YAML or JSON), TRACEHUB_CONNECTION_<NAME>_* and the default judge', () => {
    const file = path.join(tempDir(), 'connections.yaml');
    writeFileSync(file, [
      'local-vllm:', '  base_url: http://127.0.0.1:8000/v1', '  model: qwen', '  models: [qwen, llama]', '  allow_private: true',
      'openai:', '  base_url: https://api.openai.com/v1', '  api_key_env: MY_OPENAI_KEY',
    ].join('\n'));
    const config = loadDecisionConfig({
      TRACEHUB_CONNECTIONS_FILE: file, MY_OPENAI_KEY: 'sk-1',
      TRACEHUB_CONNECTION_TEAM_LLM_BASE_URL: 'https://llm.example.com/v1', TRACEHUB_CONNECTION_TEAM_LLM_API_KEY: 'k-2',
      TRACEHUB_CONNECTION_TEAM_LLM_MODELS: 'a, b,,a',
      TRACEHUB_JUDGE_BASE_URL: 'https://judge.example.com/v1', TRACEHUB_JUDGE_MODEL: 'gpt-x',
    });
    expect(config.connections).toEqual({
      default: { name: 'default', baseUrl: 'https://judge.example.com/v1', model: 'gpt-x', models: ['gpt-x'], apiKey: undefined, allowPrivate: false },
      'local-vllm': { name: 'local-vllm', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', models: ['qwen', 'llama'], apiKey: undefined, allowPrivate: true },
      openai: { name: 'openai', baseUrl: 'https://api.openai.com/v1', model: undefined, models: [], apiKey: 'sk-1', allowPrivate: false },
      'team-llm': { name: 'team-llm', baseUrl: 'https://llm.example.com/v1', model: undefined, models: ['a', 'b'], apiKey: 'k-2', allowPrivate: false },
    });
    expect(findConnection(config, 'openai')?.apiKey).toBe('sk-1');
    expect(findConnection(config, 'constructor')).toBeUndefined();
    expect(config.outbound).toEqual({ allowPrivate: false, allowCidrs: [] });
  });

  it('refuses bad files, missing key variables and bad outbound settings with one readable line', () => {
    const file = path.join(tempDir(), 'connections.json');
    writeFileSync(file, JSON.stringify({ 'Bad Name': { base_url: 'ftp://x' } }));
    expect(() => loadDecisionConfig({ TRACEHUB_CONNECTIONS_FILE: file })).toThrow(/TRACEHUB_CONNECTIONS_FILE .*connection names are lower-case/);
    writeFileSync(file, JSON.stringify({ openai: { base_url: 'https://api.openai.com/v1', api_key_env: 'UNSET_KEY' } }));
    expect(() => loadDecisionConfig({ TRACEHUB_CONNECTIONS_FILE: file })).toThrow(/reads its key from UNSET_KEY, which is not set/);
    expect(() => loadDecisionConfig({ TRACEHUB_CONNECTIONS_FILE: '/nonexistent/c.yaml' })).toThrow(/cannot be read/);
    expect(() => loadDecisionConfig({ TRACEHUB_ALLOWED_TARGET_CIDRS: '10.0.0.0/33' })).toThrow(/TRACEHUB_ALLOWED_TARGET_CIDRS.*CIDR/);
    expect(() => loadDecisionConfig({ TRACEHUB_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(/TRACEHUB_ALLOW_PRIVATE_TARGETS/);
    expect(loadDecisionConfig({ TRACEHUB_ALLOW_PRIVATE_TARGETS: 'true', TRACEHUB_ALLOWED_TARGET_CIDRS: '10.1.0.0/16, fd00::/8' }).outbound)
      .toEqual({ allowPrivate: true, allowCidrs: ['10.1.0.0/16', 'fd00::/8'] });
  });
});
