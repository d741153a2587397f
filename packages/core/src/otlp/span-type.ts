/** OpenInference `openinference.span.kind` values whose Trace Hub type is not just lower case. */
const OPENINFERENCE_KINDS: Record<string, string> = { EVALUATOR: 'judge' };

/** Langfuse `langfuse.observation.type` values mapped to Trace Hub span types. */
const LANGFUSE_TYPES: Record<string, string> = {
  GENERATION: 'llm',
  EMBEDDING: 'embedding',
  AGENT: 'agent',
  TOOL: 'tool',
  CHAIN: 'chain',
  RETRIEVER: 'retriever',
  EVALUATOR: 'judge',
  GUARDRAIL: 'guardrail',
  EVENT: 'event',
  SPAN: 'span',
};

/** GenAI `gen_ai.operation.name` values mapped to Trace Hub span types; others are not used. */
const GEN_AI_OPERATIONS: Record<string, string> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  embeddings: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
};

const MODEL_OR_USAGE_KEYS = [
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.completion_tokens',
];

/**
 * Picks a span's Trace Hub `span_type` from its attributes, first match wins:
 * `langfuse.observation.type`, `openinference.span.kind` (lower-cased, EVALUATOR → judge),
 * `gen_ai.operation.name`, then `llm` when GenAI model or usage attributes are present;
 * default `span`.
 */
export function spanTypeOf(attributes: Record<string, unknown>): string {
  const langfuse = upper(attributes['langfuse.observation.type']);
  if (langfuse) return LANGFUSE_TYPES[langfuse] ?? langfuse.toLowerCase().slice(0, 64);
  const kind = upper(attributes['openinference.span.kind']);
  if (kind) return OPENINFERENCE_KINDS[kind] ?? kind.toLowerCase().slice(0, 64);
  const operation = attributes['gen_ai.operation.name'];
  if (typeof operation === 'string' && GEN_AI_OPERATIONS[operation.trim().toLowerCase()]) {
    return GEN_AI_OPERATIONS[operation.trim().toLowerCase()];
  }
  if (MODEL_OR_USAGE_KEYS.some((key) => attributes[key] != null)) return 'llm';
  return 'span';
}

function upper(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;
}
