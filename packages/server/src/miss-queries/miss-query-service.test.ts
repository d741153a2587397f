/** The miss-query service over a fake store: the candidate cap, questions out of JSON input, reasons per group. */
import { describe, expect, it } from 'vitest';
import { missQueriesQuerySchema } from '@tracehub/core';
import type { MissQueryCandidate, MissQueryFilter } from '../storage/store.js';
import { CANDIDATE_LIMIT, createMissQueryService, questionText } from './miss-query-service.js';

const T0 = Date.parse('2026-03-01T12:00:00Z') * 1000;
const candidate = (i: number, input: string, extra: Partial<MissQueryCandidate> = {}): MissQueryCandidate => ({
  trace_id: `t-${i}`, name: 'chat', start_time: T0 - i * 1_000_000, status: 'error', decision_action: null, user_review_passed: null, input_text: input, failed_evals: [], ...extra,
});

describe('miss-query service', () => {
  it('reads at most CANDIDATE_LIMIT candidates and says when it capped', async () => {
    const asked: MissQueryFilter[] = [];
    const rows = Array.from({ length: CANDIDATE_LIMIT + 1 }, (_, i) => candidate(i, i % 2 ? '환불 정책이 뭐예요?' : '배송 언제 와요?'));
    const service = createMissQueryService({ missQueryCandidates: async (_p, f) => { asked.push(f); return rows.slice(0, f.limit); } }, () => T0);
    const answer = await service.list('p', missQueriesQuerySchema.parse({ last_hours: '24' }));
    expect(asked[0]).toMatchObject({ limit: CANDIDATE_LIMIT + 1, to: T0, from: T0 - 24 * 3_600_000_000, excludeEnvironment: 'experiment' });
    expect(answer).toMatchObject({ candidates: CANDIDATE_LIMIT, capped: true, total_groups: 2 });
    expect(answer.groups.map((g) => g.count)).toEqual([CANDIDATE_LIMIT / 2, CANDIDATE_LIMIT / 2]);
    const few = await createMissQueryService({ missQueryCandidates: async () => rows.slice(0, 10) }, () => T0).list('p', missQueriesQuerySchema.parse({ include_experiments: 'true' }));
    expect(few.capped).toBe(false);
  });

  it('names reasons per group: failing evals by name, negative feedback, decisions, errors', async () => {
    const rows = [
      candidate(1, '환불 정책이 뭐예요?', { status: 'success', failed_evals: [{ eval_name: 'keywords', source: 'api' }, { eval_name: 'keywords', source: 'judge' }] }),
      candidate(2, '환불정책이 뭐에요', { status: 'success', failed_evals: [{ eval_name: 'thumbs', source: 'user' }] }),
      candidate(3, '환불 정책은 뭐예요!!', { status: 'success', decision_action: 'BLOCK', user_review_passed: false }),
      candidate(4, '환불 정책 뭐예요', { decision_action: 'ESCALATE' }),
      candidate(5, '   ', {}),
    ];
    const answer = await createMissQueryService({ missQueryCandidates: async () => rows }, () => T0).list('p', missQueriesQuerySchema.parse({}));
    expect(answer.without_input).toBe(1);
    expect(answer.groups).toHaveLength(1);
    expect(answer.groups[0].reasons).toEqual({ failed_evals: [{ eval_name: 'keywords', count: 1 }], negative_feedback: 2, decisions: { BLOCK: 1, ESCALATE: 1 }, errors: 1 });
    expect(answer.groups[0]).toMatchObject({ representative_trace_id: 't-1', first_seen: '2026-03-01T11:59:56.000000Z', last_seen: '2026-03-01T11:59:59.000000Z' });
  });

  it('takes the question out of JSON input', () => {
    expect(questionText(JSON.stringify([{ role: 'user', content: '첫 질문' }, { role: 'assistant', content: '답' }, { role: 'user', content: [{ type: 'text', text: '두 번째' }] }]))).toBe('두 번째');
    expect(questionText(JSON.stringify({ question: '환불?', context: 'x' }))).toBe('환불?');
    expect(questionText(JSON.stringify({ input: { query: '배송' } }))).toBe('배송');
    expect(questionText('{"messages": [{"role": "user", "content": "잘린')).toBe('{"messages": [{"role": "user", "content": "잘린');
    expect(questionText(JSON.stringify({ n: 1 }))).toBe('{"n":1}');
    expect(questionText(null)).toBe('');
  });
});
