import { describe, expect, it } from 'vitest';
import { spanEventInputSchema, spanInputSchema, traceInputSchema } from '../schemas/ingest.js';
import { mapOtlpTraces, type OtlpTraceBatch } from './otlp-mapper.js';
import type { OtlpSpan } from './otlp-types.js';
import { otlpAttributes } from './testing/otlp-attributes.js';

const TRACE = '5b8efff798038103d269b633813fc60c';
const TRACE_2 = 'aaaabbbbccccdddd0000111122223333';
const ROOT = 'eee19b7ec3c1b174';
const LLM = 'eee19b7ec3c1b173';
const TOOL = 'eee19b7ec3c1b172';
const T0 = 1_700_000_000_000_000_000n; // unix nanos

const nanos = (ms: number) => (T0 + BigInt(ms) * 1_000_000n + 123_456n).toString();

function span(spanId: string, parent: string | undefined, name: string, a: Record<string, unknown>, extra: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: TRACE,
    spanId,
    parentSpanId: parent,
    name,
    kind: 1,
    startTimeUnixNano: nanos(0),
    endTimeUnixNano: nanos(1000),
    attributes: otlpAttributes(a),
    status: {},
    ...extra,
  };
}
function request(spans: OtlpSpan[], resource: Record<string, unknown> = { 'service.name': 'chat-api' }) {
  return { resourceSpans: [{ resource: { attributes: otlpAttributes(resource) }, scopeSpans: [{ scope: { name: 'test-scope', version: '1.0' }, spans }] }] };
}
function expectSchemas(batch: OtlpTraceBatch) {
  expect(() => traceInputSchema.parse(batch.trace)).not.toThrow();
  for (const s of batch.spans) expect(() => spanInputSchema.parse(s)).not.toThrow();
  for (const e of batch.events) expect(() => spanEventInputSchema.parse(e)).not.toThrow();
}
const byId = (batch: OtlpTraceBatch, id: string) => batch.spans.find((s) => s.span_id === id)!;

describe('mapOtlpTraces — GenAI conventions', () => {
  const req = request(
    [
      span(LLM, ROOT, 'chat gpt-4o', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 30,
        'gen_ai.conversation.id': 'conv-7',
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }] }]),
      }),
      span(TOOL, ROOT, 'execute_tool search', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' }, {
        status: { code: 2, message: 'search backend down' },
        events: [
          {
            name: 'exception',
            timeUnixNano: nanos(500),
            attributes: otlpAttributes({ 'exception.type': 'TimeoutError', 'exception.message': 'timed out', 'exception.stacktrace': 'at x', 'exception.escaped': true }),
          },
          { name: 'retrying', timeUnixNano: nanos(600), attributes: otlpAttributes({ attempt: 2 }) },
        ],
      }),
      span(ROOT, undefined, 'agent run', { 'gen_ai.operation.name': 'invoke_agent', 'user.id': 'u-1' }),
    ],
    { 'service.name': 'chat-api', 'deployment.environment.name': 'staging' },
  );

  it('maps types, model, usage, messages, status and events', () => {
    const { batches, rejected } = mapOtlpTraces(req);
    expect(rejected).toEqual([]);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expectSchemas(batch);
    expect(batch.allow_missing_parent).toBe(true);

    const llm = byId(batch, LLM);
    expect(llm).toMatchObject({
      trace_id: TRACE,
      parent_span_id: ROOT,
      span_type: 'llm',
      model: 'gpt-4o-2024-08-06',
      input_tokens: 120,
      output_tokens: 30,
      total_tokens: 150,
      status: 'success',
      start_time: '2023-11-14T22:13:20.000123Z',
      end_time: '2023-11-14T22:13:21.000123Z',
    });
    expect(llm.input).toEqual([{ role: 'user', content: 'hi' }]);
    expect(llm.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(llm.attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4o', 'service.name': 'chat-api', 'otel.scope.name': 'test-scope', 'otel.span_kind': 'internal' });
    expect(llm).not.toHaveProperty('idempotency_key');

    const tool = byId(batch, TOOL);
    expect(tool).toMatchObject({ span_type: 'tool', status: 'error', status_message: 'search backend down', level: 'ERROR' });
    expect(byId(batch, ROOT)).toMatchObject({ span_type: 'agent', parent_span_id: null });

    expect(batch.events).toEqual([
      {
        trace_id: TRACE,
        span_id: TOOL,
        event_type: 'ERROR',
        event_time: '2023-11-14T22:13:20.500123Z',
        payload: { message: 'timed out', type: 'TimeoutError', stacktrace: 'at x', attributes: { 'exception.escaped': true } },
        idempotency_key: `otlp:${TRACE}:${TOOL}:0:${nanos(500)}`,
      },
      {
        trace_id: TRACE,
        span_id: TOOL,
        event_type: 'LOG',
        event_time: '2023-11-14T22:13:20.600123Z',
        payload: { message: 'retrying', attributes: { attempt: 2 } },
        idempotency_key: `otlp:${TRACE}:${TOOL}:1:${nanos(600)}`,
      },
    ]);

    expect(batch.trace).toMatchObject({
      trace_id: TRACE,
      session_id: 'conv-7',
      user_id: 'u-1',
      environment: 'staging',
      attributes: { 'service.name': 'chat-api', 'deployment.environment.name': 'staging' },
    });
  });

  it('is deterministic, so a re-sent export yields the same idempotency keys', () => {
    expect(mapOtlpTraces(req)).toEqual(mapOtlpTraces(structuredClone(req)));
  });

  it('reads legacy gen_ai.prompt.N / gen_ai.completion.N and prompt/completion token names', () => {
    const { batches } = mapOtlpTraces(
      request([
        span(LLM, undefined, 'openai.chat', {
          'gen_ai.system': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.prompt_tokens': 11,
          'gen_ai.usage.completion_tokens': 4,
          'gen_ai.prompt.0.role': 'system',
          'gen_ai.prompt.0.content': 'be brief',
          'gen_ai.prompt.1.role': 'user',
          'gen_ai.prompt.1.content': 'hi',
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': 'hello',
          'gen_ai.completion.0.tool_calls.0.name': 'lookup',
        }),
      ]),
    );
    const [batch] = batches;
    expectSchemas(batch);
    const llm = batch.spans[0];
    expect(llm).toMatchObject({ span_type: 'llm', model: 'gpt-4o-mini', input_tokens: 11, output_tokens: 4, total_tokens: 15 });
    expect(llm.input).toEqual([{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }]);
    expect(llm.output).toEqual([
      { role: 'assistant', content: 'hello', tool_calls: [{ id: '', type: 'function', function: { name: 'lookup', arguments: '' } }] },
    ]);
    expect(Object.keys(llm.attributes).some((k) => k.startsWith('gen_ai.prompt.'))).toBe(false);
  });
});

describe('mapOtlpTraces — OpenInference conventions', () => {
  it('maps span kinds, input/output values, indexed messages, token counts, session, user, tags, metadata', () => {
    const { batches } = mapOtlpTraces(
      request([
        span(ROOT, undefined, 'RAG pipeline', {
          'openinference.span.kind': 'CHAIN',
          'input.value': '{"question":"why?"}',
          'input.mime_type': 'application/json',
          'output.value': 'because',
          'session.id': 'sess-1',
          'user.id': 'user-9',
          metadata: '{"team":"search"}',
          'tag.tags': ['beta', 'rag'],
        }),
        span(LLM, ROOT, 'ChatCompletion', {
          'openinference.span.kind': 'LLM',
          'llm.model_name': 'claude-3-5-sonnet',
          'llm.token_count.prompt': 50,
          'llm.token_count.completion': 10,
          'llm.token_count.total': 60,
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': 'why?',
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.content': 'because',
        }),
        span(TOOL, ROOT, 'judge', { 'openinference.span.kind': 'EVALUATOR' }),
        span('00000000000000aa', ROOT, 'retrieve', { 'openinference.span.kind': 'RETRIEVER', 'input.value': '{"q":1}' }),
      ]),
    );
    const [batch] = batches;
    expectSchemas(batch);
    expect(byId(batch, ROOT)).toMatchObject({ span_type: 'chain', input: { question: 'why?' }, output: 'because' });
    expect(byId(batch, LLM)).toMatchObject({
      span_type: 'llm',
      model: 'claude-3-5-sonnet',
      input_tokens: 50,
      output_tokens: 10,
      total_tokens: 60,
      input: [{ role: 'user', content: 'why?' }],
      output: [{ role: 'assistant', content: 'because' }],
    });
    expect(byId(batch, TOOL).span_type).toBe('judge');
    expect(byId(batch, '00000000000000aa')).toMatchObject({ span_type: 'retriever', input: '{"q":1}' });
    // Name, input/output text and model derive from the root span on the server (ingest/trace-fold.ts).
    expect(batch.trace).toMatchObject({
      session_id: 'sess-1',
      user_id: 'user-9',
      tags: ['beta', 'rag'],
      attributes: { metadata: { team: 'search' } },
    });
    expect(batch.trace).not.toHaveProperty('name');
    expect(batch.trace).not.toHaveProperty('input_text');
  });
});

describe('mapOtlpTraces — Langfuse attributes', () => {
  it('maps trace and observation attributes', () => {
    const { batches } = mapOtlpTraces(
      request(
        [
          span(ROOT, undefined, 'handler', {
            'langfuse.trace.name': 'support-bot',
            'langfuse.user.id': 'lf-user',
            'langfuse.session.id': 'lf-session',
            'langfuse.trace.tags': ['prod', 'vip'],
            'langfuse.trace.metadata.customer': 'acme',
            'langfuse.environment': 'production',
            'langfuse.release': 'v1.2.3',
            'langfuse.version': '7',
            'langfuse.trace.input': '{"ticket":42}',
          }),
          span(LLM, ROOT, 'generation', {
            'langfuse.observation.type': 'generation',
            'langfuse.observation.input': '[{"role":"user","content":"help"}]',
            'langfuse.observation.output': '"sure"',
            'langfuse.observation.model.name': 'gpt-4.1',
            'langfuse.observation.usage_details': '{"input":10,"output":5,"input_cached_tokens":2}',
            'langfuse.observation.cost_details': '{"input":0.001,"output":0.002}',
            'langfuse.observation.level': 'WARNING',
          }),
          span(TOOL, ROOT, 'guard', { 'langfuse.observation.type': 'GUARDRAIL' }),
        ],
        { 'service.name': 'bot', 'deployment.environment': 'dev' },
      ),
    );
    const [batch] = batches;
    expectSchemas(batch);
    const gen = byId(batch, LLM);
    expect(gen).toMatchObject({
      span_type: 'llm',
      model: 'gpt-4.1',
      input: [{ role: 'user', content: 'help' }],
      output: 'sure',
      // Langfuse's usage_details.input excludes cached tokens; Trace Hub's input_tokens include them.
      input_tokens: 12,
      output_tokens: 5,
      total_tokens: 17,
      cached_input_tokens: 2,
      level: 'WARNING',
    });
    expect(gen.cost).toBeCloseTo(0.003);
    expect(gen.attributes['langfuse.observation.input']).toBeUndefined();
    expect(gen.attributes['langfuse.observation.usage_details']).toBeDefined();
    expect(byId(batch, TOOL).span_type).toBe('guardrail');
    expect(batch.trace).toMatchObject({
      name: 'support-bot',
      user_id: 'lf-user',
      session_id: 'lf-session',
      tags: ['prod', 'vip'],
      environment: 'production',
      release: 'v1.2.3',
      version: '7',
      input_text: '{"ticket":42}',
      attributes: { 'service.name': 'bot', metadata: { customer: 'acme' } },
    });
  });
});

describe('mapOtlpTraces — validation, grouping and roots', () => {
  it('rejects a span with a bad id or bad times and keeps the rest', () => {
    const { batches, rejected } = mapOtlpTraces(
      request([
        span(ROOT, undefined, 'ok root', {}),
        span('not-a-span-id!', ROOT, 'bad id', {}),
        span(LLM, ROOT, 'bad start', {}, { startTimeUnixNano: 'yesterday' }),
        span(TOOL, ROOT, 'ends before start', {}, { endTimeUnixNano: nanos(-5000) }),
        { ...span('00000000000000ab', ROOT, 'no trace', {}), traceId: '' },
      ]),
    );
    expect(batches).toHaveLength(1);
    expect(batches[0].spans.map((s) => s.span_id)).toEqual([ROOT]);
    expect(rejected).toHaveLength(4);
    expect(rejected[0]).toMatchObject({ trace_id: TRACE });
    expect(rejected[0].reason).toContain('span id "not-a-span-id!" is not 16 hex digits');
    expect(rejected[1]).toMatchObject({ span_id: LLM });
    expect(rejected[1].reason).toContain('start time "yesterday"');
    expect(rejected[2].reason).toContain('end time is before start time');
    expect(rejected[3].reason).toContain('trace id (missing)');
  });

  it('rejects a span whose times fall outside 2000–2100 (e.g. microseconds sent as nanoseconds) and keeps the rest', () => {
    const { batches, rejected } = mapOtlpTraces(
      request([
        span(ROOT, undefined, 'ok root', {}),
        span(LLM, ROOT, 'micros as nanos', {}, { startTimeUnixNano: '1700000000000000', endTimeUnixNano: '1700000001000000' }),
        span(TOOL, ROOT, 'end in 2300', {}, { endTimeUnixNano: '10413792000000000000' }),
      ]),
    );
    expect(batches[0].spans.map((s) => s.span_id)).toEqual([ROOT]);
    expect(rejected.map((r) => r.span_id)).toEqual([LLM, TOOL]);
    expect(rejected[0].reason).toContain('start time "1700000000000000" is not between 2000-01-01 and 2100-01-01');
    expect(rejected[1].reason).toContain('end time');
  });

  it('groups spans per trace id and lower-cases ids, leaving the root to the server', () => {
    const { batches } = mapOtlpTraces(
      request([
        span(LLM.toUpperCase(), ROOT, 'child of remote parent', {}),
        { ...span(TOOL, undefined, 'other trace', {}), traceId: TRACE_2.toUpperCase() },
      ]),
    );
    expect(batches.map((b) => b.trace.trace_id)).toEqual([TRACE, TRACE_2]);
    expect(batches[0].spans[0]).toMatchObject({ span_id: LLM, parent_span_id: ROOT });
    expect(batches[0].trace).toEqual({ trace_id: TRACE, attributes: { 'service.name': 'chat-api' } });
    expect(batches[1].trace.trace_id).toBe(TRACE_2);
  });

  it('leaves root-only trace fields unset when the batch holds only sibling children', () => {
    const { batches } = mapOtlpTraces(
      request([span(LLM, ROOT, 'a', { 'session.id': 's' }), span(TOOL, ROOT, 'b', {}, { endTimeUnixNano: undefined })]),
    );
    const [batch] = batches;
    expectSchemas(batch);
    expect(batch.trace).toEqual({ trace_id: TRACE, session_id: 's', attributes: { 'service.name': 'chat-api' } });
    expect(byId(batch, TOOL)).toMatchObject({ status: 'running', end_time: null });
  });

  it('marks an unset-status span with an exception event as error and keeps a running root running', () => {
    const { batches } = mapOtlpTraces(
      request([
        span(ROOT, undefined, 'root', {}, { endTimeUnixNano: '0' }),
        span(LLM, ROOT, 'child', {}, { events: [{ name: 'exception', timeUnixNano: nanos(1), attributes: otlpAttributes({ 'exception.message': 'boom' }) }] }),
      ]),
    );
    expect(byId(batches[0], ROOT)).toMatchObject({ status: 'running', end_time: null });
    expect(byId(batches[0], LLM)).toMatchObject({ status: 'error', status_message: 'boom' });
    // The trace's status derives from its spans on the server.
    expect(batches[0].trace).not.toHaveProperty('status');
  });

  it('names the trace after service.name when the root span has no name', () => {
    const { batches } = mapOtlpTraces(request([span(ROOT, undefined, '', {})], { 'service.name': 'billing' }));
    expect(batches[0].trace.name).toBe('billing');
    expect(batches[0].spans[0].name).toBe('unknown');
  });

  it('keeps every attribute value type and tolerates odd input', () => {
    const { batches, rejected } = mapOtlpTraces({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  ...span(ROOT, undefined, '', {}),
                  kind: 'SPAN_KIND_CLIENT',
                  status: { code: 'STATUS_CODE_OK' },
                  attributes: [
                    { key: 'big', value: { intValue: '9223372036854775807' } },
                    { key: 'nan', value: { doubleValue: 'NaN' } },
                    { key: 'bytes', value: { bytesValue: 'AQID' } },
                    { key: 'empty', value: {} },
                    { key: 'list', value: { kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [{ boolValue: false }] } } }] } } },
                  ],
                },
              ],
            },
          ],
        },
        null as never,
        { scopeSpans: 'nope' as never },
      ],
    });
    expect(rejected).toEqual([]);
    const root = batches[0].spans[0];
    expectSchemas(batches[0]);
    expect(root).toMatchObject({ name: 'unknown', status: 'success', span_type: 'span' });
    expect(root.attributes).toMatchObject({
      big: '9223372036854775807',
      nan: 'NaN',
      bytes: 'AQID',
      empty: null,
      list: { a: [false] },
      'otel.span_kind': 'client',
    });
    expect(mapOtlpTraces({} as never)).toEqual({ batches: [], rejected: [] });
  });
});
