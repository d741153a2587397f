/**
 * Time to first token survives OTLP ingestion as span attributes (the web UI's trace detail reads
 * them: packages/web/src/features/trace-detail/first-token.ts): the Vercel AI SDK's
 * `ai.response.msToFirstChunk` / `ai.stream.msToFirstChunk` and Langfuse's
 * `langfuse.observation.completion_start_time`.
 */
import { describe, expect, it } from 'vitest';
import { mapOtlpTraces } from './otlp-mapper.js';
import { otlpAttributes } from './testing/otlp-attributes.js';

const start = 1_700_000_000_000n * 1_000_000n;
const llmSpan = (spanId: string, name: string, attributes: Record<string, unknown>) => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId,
  name,
  kind: 3,
  startTimeUnixNano: start.toString(),
  endTimeUnixNano: (start + 900_000_000n).toString(),
  attributes: otlpAttributes(attributes),
  status: {},
});

describe('first-token attributes through the OTLP mapping', () => {
  it('keeps the AI SDK and Langfuse first-token attributes on the span', () => {
    const { batches } = mapOtlpTraces({
      resourceSpans: [
        {
          resource: { attributes: otlpAttributes({ 'service.name': 'ttft' }) },
          scopeSpans: [
            {
              spans: [
                llmSpan('b7ad6b7169203331', 'ai.streamText.doStream', {
                  'ai.model.id': 'gpt-4.1-mini',
                  'ai.prompt.messages': '[{"role":"user","content":"hi"}]',
                  'ai.response.text': 'hello',
                  'ai.response.msToFirstChunk': 231.5,
                  'ai.stream.msToFirstChunk': 231.5,
                }),
                llmSpan('b7ad6b7169203332', 'generation', {
                  'langfuse.observation.type': 'generation',
                  'langfuse.observation.completion_start_time': '2023-11-14T22:13:20.350Z',
                }),
              ],
            },
          ],
        },
      ],
    });
    const spans = batches.flatMap((b) => b.spans);
    const aiSdk = spans.find((s) => s.span_id === 'b7ad6b7169203331');
    expect(aiSdk?.attributes).toMatchObject({ 'ai.response.msToFirstChunk': 231.5, 'ai.stream.msToFirstChunk': 231.5 });
    const langfuse = spans.find((s) => s.span_id === 'b7ad6b7169203332');
    expect(String(langfuse?.attributes?.['langfuse.observation.completion_start_time'])).toContain('2023-11-14T22:13:20.350Z');
  });
});
