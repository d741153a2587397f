import { collectIndexed } from './indexed-attributes.js';
import { parseJsonLoose } from './otlp-values.js';

/** A span event as the payload extraction sees it. */
export interface PayloadEvent {
  name: string;
  attributes: Record<string, unknown>;
}

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
  single('gen_ai.input.messages'),
  openInferenceValue('input'),
  indexed('llm.input_messages.'),
  indexed('gen_ai.prompt.'),
  single('gen_ai.prompt'),
  single('gen_ai.tool.call.arguments'),
  fromEvent('gen_ai.content.prompt', 'gen_ai.prompt'),
];

/** Where a span's output comes from, first match wins. */
const OUTPUT_SOURCES: Source[] = [
  single('langfuse.observation.output'),
  single('gen_ai.output.messages'),
  openInferenceValue('output'),
  indexed('llm.output_messages.'),
  indexed('gen_ai.completion.'),
  single('gen_ai.completion'),
  single('gen_ai.tool.call.result'),
  fromEvent('gen_ai.content.completion', 'gen_ai.completion'),
];

/**
 * Extracts a span's input and output from Langfuse, GenAI and OpenInference attributes (and the
 * older GenAI `gen_ai.content.prompt` / `gen_ai.content.completion` events). JSON texts are
 * parsed; indexed message attributes are rebuilt into arrays of messages.
 */
export function spanPayloadOf(attributes: Record<string, unknown>, events: PayloadEvent[] = []): SpanPayload {
  const input = firstFound(INPUT_SOURCES, attributes, events);
  const output = firstFound(OUTPUT_SOURCES, attributes, events);
  const payload: SpanPayload = { consumed: [...(input?.keys ?? []), ...(output?.keys ?? [])] };
  if (input) payload.input = input.value;
  if (output) payload.output = output.value;
  return payload;
}

function firstFound(sources: Source[], attributes: Record<string, unknown>, events: PayloadEvent[]): Found | undefined {
  for (const source of sources) {
    const found = source(attributes, events);
    if (found) return found;
  }
  return undefined;
}
