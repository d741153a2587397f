/** Local A/B assignment and the cached definitions: one fetch per TTL, the last definition kept when the server is down. */
import { describe, expect, it } from 'vitest';
import { assign, createAbTests, type AbTestDefinition } from './ab.js';

const TEST: AbTestDefinition = { test_id: 'ab_1', salt: 'salt-1', variants: [{ key: 'control', weight: 90 }, { key: 'new_model', weight: 10, endpoint: 'LLM_API_BASE_NEW_MODEL' }] };

describe('A/B assignment', () => {
  it('is sticky, follows the weights and carries the trace attributes', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `s-${i}`);
    const first = ids.map((id) => assign(TEST, id).key);
    expect(ids.map((id) => assign(TEST, id).key)).toEqual(first);
    const share = first.filter((k) => k === 'new_model').length / ids.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    const chosen = assign(TEST, 's-1');
    expect(chosen.attributes).toEqual({ 'ab.test_id': 'ab_1', 'ab.variant': chosen.key });
    // Another salt reshuffles the units.
    expect(ids.map((id) => assign({ ...TEST, salt: 'other' }, id).key)).not.toEqual(first);
  });

  it('fetches a definition once per TTL and keeps the last one when the server is unreachable', async () => {
    let calls = 0;
    let down = false;
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls++;
      expect(String(url)).toBe('http://hub.test/api/v1/ab-tests/new-model');
      expect(init?.headers).toEqual({ 'x-api-key': 'k' });
      if (down) throw new TypeError('fetch failed');
      return new Response(JSON.stringify(TEST), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const ab = createAbTests({ baseUrl: 'http://hub.test/', apiKey: 'k', ttlMs: 0, fetch: fakeFetch });
    expect((await ab.assign('new-model', 's-1'))?.key).toBe(assign(TEST, 's-1').key);
    down = true;
    expect((await ab.assign('new-model', 's-1'))?.key).toBe(assign(TEST, 's-1').key);
    expect(calls).toBe(2);
    const cached = createAbTests({ baseUrl: 'http://hub.test', apiKey: 'k', fetch: fakeFetch });
    expect(await cached.get('new-model')).toBeNull();
    down = false;
    await cached.get('new-model');
    await cached.get('new-model');
    expect(calls).toBe(4);
  });
});
