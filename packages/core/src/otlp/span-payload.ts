import { aiSdkJson, aiSdkPrompt, aiSdkResponse } from './ai-sdk-payload.js';
import { inputMessagesFromEvents, outputMessagesFromEvents, type PayloadEvent } from './event-messages.js';
import { collectIndexed } from './indexed-attributes.js';
import { toChatMessages } from './messages.js';
import { parseJsonLoose } from './otlp-values.js';

export type { PayloadEvent } from './event-messages.js';

/** A span's input and output, with the attribute keys whose content moved into them. */
export interface SpanPayload {
  input?: unknown;
  output?: unknown;
  /** Keys now carried by `input`/`output`; the mapper leaves them out of `attributes`. */
  consumed: string[];
}

interface Found {
  value: unknown;
  keys: string[];
  /** True when `value` is already in the chat shape. */
  chat?: boolean;
}

type Source = (attributes: Record<string, unknown>, events: PayloadEvent[]) => Found | undefined;

const single =
  (key: string, parse: (value: unknown, attributes: Record<string, unknown>) => unknown = parseJsonLoose): Source =>
  (attributes) =>
    attributes[key] == null ? undefined : { value: parse(attributes[key], attributes), keys: [key] };

const indexed =
  (prefix: string): Source =>
  (attributes) => {
    const list = collectIndexed(attributes, prefix);
    return list && { value: list.items, keys: list.keys };
  };

const fromEvent =
  (eventName: string, key: string): Source =>
  (_attributes, events) => {
    const event = events.find((e) => e.name === eventName && e.attributes[key] != null);
    return event && { value: parseJsonLoose(event.attributes[key]), keys: [] };
  };

const fromMessageEvents =
  (read: (events: PayloadEvent[]) => unknown): Source =>
  (_attributes, events) => {
    const value = read(events);
    return value === undefined ? undefined : { value, keys: [], chat: true };
  };

/** GenAI `gen_ai.input.messages`, with `gen_ai.system_instructions` prepended as a system message. */
const genAiInput: Source = (attributes) => {
  const messages = attributes['gen_ai.input.messages'];
  const system = attributes['gen_ai.system_instructions'];
  if (messages == null && system == null) return undefined;
  const keys = ['gen_ai.system_instructions', 'gen_ai.input.messages'].filter((k) => attributes[k] != null);
  const list = toChatMessages(messages);
  if (system == null) return list ? { value: list, keys, chat: true } : { value: parseJsonLoose(messages), keys };
  const instructions = systemMessage(parseJsonLoose(system));
  if (messages != null && list === undefined) return { value: parseJsonLoose(messages), keys: ['gen_ai.input.messages'] };
  return { value: [instructions, ...(list ?? [])], keys, chat: true };
};

/** `gen_ai.system_instructions`: text, or a list of parts (`[{type: 'text', content}]`). */
function systemMessage(value: unknown) {
  const parts = Array.isArray(value) ? value : [value];
  const text = parts
    .map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' && 'content' in p ? String(p.content) : JSON.stringify(p)))
    .join('\n');
  return { role: 'system', content: text };
}

/** OpenInference `input.value` / `output.value`: JSON only when the mime type says so. */
const openInferenceValue =
  (prefix: 'input' | 'output'): Source =>
  (attributes) => {
    const raw = attributes[`${prefix}.value`];
    if (raw == null) return undefined;
    const mime = attributes[`${prefix}.mime_type`];
    const isJson = typeof mime === 'string' && mime.toLowerCase().includes('json');
    return { value: isJson ? parseJsonLoose(raw) : raw, keys: [`${prefix}.value`] };
  };

/** Where a span's input comes from, first match wins. */
const INPUT_SOURCES: Source[] = [
  single('langfuse.observation.input'),
  genAiInput,
  indexed('llm.input_messages.'),
  openInferenceValue('input'),
  single('traceloop.entity.input'),
  aiSdkPrompt,
  aiSdkJson(['ai.toolCall.input', 'ai.toolCall.args']),
  aiSdkJson(['ai.values', 'ai.value']),
  indexed('gen_ai.prompt.'),
  single('gen_ai.prompt'),
  single('gen_ai.tool.call.arguments'),
  fromEvent('gen_ai.content.prompt', 'gen_ai.prompt'),
  fromMessageEvents(inputMessagesFromEvents),
];

/** Where a span's output comes from, first match wins. */
const OUTPUT_SOURCES: Source[] = [
  single('langfuse.observation.output'),
  single('gen_ai.output.messages'),
  indexed('llm.output_messages.'),
  openInferenceValue('output'),
  single('traceloop.entity.output'),
  aiSdkResponse,
  aiSdkJson(['ai.toolCall.output', 'ai.toolCall.result']),
  aiSdkJson(['ai.embeddings', 'ai.embedding']),
  indexed('gen_ai.completion.'),
  single('gen_ai.completion'),
  single('gen_ai.tool.call.result'),
  fromEvent('gen_ai.content.completion', 'gen_ai.completion'),
  fromMessageEvents(outputMessagesFromEvents),
];

/**
 * Extracts a span's input and output from the Langfuse, GenAI, OpenInference, OpenLLMetry and
 * Vercel AI SDK attributes (and the older GenAI message events). JSON texts are parsed; indexed
 * message attributes are rebuilt; every message list, whatever its convention, is normalised into
 * the OpenAI chat shape (`toChatMessages`). Other values (plain text, `{args, kwargs}`) stay as
 * they are.
 */
export function spanPayloadOf(attributes: Record<string, unknown>, events: PayloadEvent[] = []): SpanPayload {
  const input = firstFound(INPUT_SOURCES, attributes, events);
  const output = firstFound(OUTPUT_SOURCES, attributes, events);
  const payload: SpanPayload = { consumed: [...(input?.keys ?? []), ...(output?.keys ?? [])] };
  if (input) payload.input = normalized(input);
  if (output) payload.output = normalized(output);
  return payload;
}

/** A message list (or single message) in the chat shape; text that stayed text is not parsed again. */
function normalized({ value, chat }: Found): unknown {
  return chat || typeof value === 'string' ? value : (toChatMessages(value) ?? value);
}

function firstFound(sources: Source[], attributes: Record<string, unknown>, events: PayloadEvent[]): Found | undefined {
  for (const source of sources) {
    const found = source(attributes, events);
    if (found) return found;
  }
  return undefined;
}
