/** The backend list and its narrowing by TRACEHUB_TEST_BACKENDS. */
import { describe, expect, it } from 'vitest';
import { ALL_BACKENDS, selectBackends } from './backends.js';

describe('test backends', () => {
  it('are every backend unless narrowed', () => {
    expect(ALL_BACKENDS).toEqual(['sqlite', 'postgres']);
    expect(selectBackends({})).toEqual(['sqlite', 'postgres']);
    expect(selectBackends({ TRACEHUB_TEST_BACKENDS: ' ' })).toEqual(['sqlite', 'postgres']);
  });

  it('narrow to the named backends for a local run', () => {
    expect(selectBackends({ TRACEHUB_TEST_BACKENDS: 'sqlite' })).toEqual(['sqlite']);
    expect(selectBackends({ TRACEHUB_TEST_BACKENDS: 'postgres, sqlite' })).toEqual(['sqlite', 'postgres']);
    expect(() => selectBackends({ TRACEHUB_TEST_BACKENDS: 'sqlite,mysql' })).toThrow('mysql');
  });

  it('are always every backend in CI', () => {
    expect(selectBackends({ CI: 'true', TRACEHUB_TEST_BACKENDS: 'sqlite' })).toEqual(['sqlite', 'postgres']);
  });
});
