/**
 * Time to first token of an LLM span, from the attributes ingestion keeps: the TypeScript SDK's
 * streaming wrapper (`llm.time_to_first_chunk_ms`), the Vercel AI SDK over OTLP
 * (`ai.response.msToFirstChunk`, `ai.stream.msToFirstChunk`, milliseconds) and Langfuse
 * (`langfuse.observation.completion_start_time`, a time, from the ingestion API and the OTLP path).
 */

const MS_ATTRIBUTES = ['llm.time_to_first_chunk_ms', 'ai.response.msToFirstChunk', 'ai.stream.msToFirstChunk'];
const TIME_ATTRIBUTES = ['langfuse.observation.completion_start_time'];

/** A JSON-encoded attribute value (OTLP strings may arrive quoted) read as a number or a string. */
function scalar(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('"') || /^-?\d+(\.\d+)?$/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return value;
    }
  }
  return value;
}

/** Milliseconds from the span's start to its first token, or null when the span does not say. */
export function timeToFirstTokenMs(span: { start_time: string; attributes: Record<string, unknown> | null | undefined }): number | null {
  const attributes = span.attributes ?? {};
  for (const key of MS_ATTRIBUTES) {
    const value = scalar(attributes[key]);
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  }
  for (const key of TIME_ATTRIBUTES) {
    const value = scalar(attributes[key]);
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const at = new Date(value).getTime();
    const start = Date.parse(span.start_time);
    if (Number.isFinite(at) && Number.isFinite(start)) return Math.max(0, at - start);
  }
  return null;
}
