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

/** The Trace Hub span type of a Langfuse observation type (`GENERATION` → `llm`, …; others lower-cased). */
export function langfuseSpanType(observationType: string): string {
  const type = observationType.trim().toUpperCase();
  return LANGFUSE_TYPES[type] ?? type.toLowerCase().slice(0, 64);
}

/** GenAI `gen_ai.operation.name` values mapped to Trace Hub span types; others are not used. */
const GEN_AI_OPERATIONS: Record<string, string> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  embeddings: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  invoke_workflow: 'chain',
  retrieval: 'retriever',
};

/** OpenLLMetry `traceloop.span.kind` values; `unknown` (and anything else) is not used. */
const TRACELOOP_KINDS: Record<string, string> = {
  workflow: 'chain',
  task: 'chain',
  agent: 'agent',
  tool: 'tool',
  llm: 'llm',
};

/**
 * Vercel AI SDK operation ids (`ai.operationId`, or the first word of `operation.name`): the
 * provider calls are `llm`, the outer calls that may loop over steps and tools are `agent` (as AI
 * SDK 7 reports them with `invoke_agent`), tool executions `tool`, embeddings `embedding`.
 */
const AI_SDK_OPERATIONS: Record<string, string> = {
  'ai.generateText': 'agent',
  'ai.streamText': 'agent',
  'ai.generateObject': 'agent',
  'ai.streamObject': 'agent',
  'ai.generateText.doGenerate': 'llm',
  'ai.streamText.doStream': 'llm',
  'ai.generateObject.doGenerate': 'llm',
  'ai.streamObject.doStream': 'llm',
  'ai.toolCall': 'tool',
  'ai.embed': 'embedding',
  'ai.embedMany': 'embedding',
  'ai.embed.doEmbed': 'embedding',
  'ai.embedMany.doEmbed': 'embedding',
  'ai.rerank': 'reranker',
  'ai.rerank.doRerank': 'reranker',
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
 * OpenLLMetry `traceloop.span.kind`, Vercel AI SDK `ai.operationId`, `gen_ai.operation.name`,
 * then `llm` when GenAI model or usage attributes are present; default `span`.
 */
export function spanTypeOf(attributes: Record<string, unknown>): string {
  const langfuse = upper(attributes['langfuse.observation.type']);
  if (langfuse) return langfuseSpanType(langfuse);
  const kind = upper(attributes['openinference.span.kind']);
  if (kind) return OPENINFERENCE_KINDS[kind] ?? kind.toLowerCase().slice(0, 64);
  const traceloop = TRACELOOP_KINDS[upper(attributes['traceloop.span.kind'])?.toLowerCase() ?? ''];
  if (traceloop) return traceloop;
  const aiSdk = AI_SDK_OPERATIONS[aiSdkOperation(attributes) ?? ''];
  if (aiSdk) return aiSdk;
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

/** The AI SDK operation id: `ai.operationId`, else the first word of `operation.name`. */
function aiSdkOperation(attributes: Record<string, unknown>): string | undefined {
  const id = attributes['ai.operationId'];
  if (typeof id === 'string') return id.trim();
  const name = attributes['operation.name'];
  return typeof name === 'string' && name.startsWith('ai.') ? name.trim().split(/\s/)[0] : undefined;
}
