import { describe, expect, it } from 'vitest';
import { createOfflineProvider, offlineAnswer } from './offline-provider.js';

describe('offline provider', () => {
  it('answers the same text for the same model and messages, with no network', async () => {
    const provider = createOfflineProvider();
    const messages = [{ role: 'user', content: '회사: 네이버\n직무: 백엔드\n아래 JSON으로만 답하세요.\n{"competencies": ["..."], "score": 0}' }];
    const a = await provider.chat({ model: 'demo', messages, parameters: {} });
    const b = await provider.chat({ model: 'demo', messages, parameters: { temperature: 1 } });
    expect(a.content).toBe(b.content);
    const json = JSON.parse(a.content);
    expect(Object.keys(json)).toEqual(['competencies', 'score']);
    expect(json.score).toBeGreaterThanOrEqual(1);
    expect(a.usage.input_tokens).toBeGreaterThan(0);
    expect(offlineAnswer('other', messages)).not.toBe('');
    expect(offlineAnswer('demo', [{ role: 'user', content: '첫 줄\n둘째 줄\n셋째 줄' }])).toBe('1. 첫 줄\n2. 둘째 줄\n3. 셋째 줄');
    const [e1, e2] = await provider.embed!('x', ['같은 문장', '같은 문장']);
    expect(e1).toEqual(e2);
  });
});
