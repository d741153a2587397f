/**
 * Every message shape a payload may carry, read into one view: OpenAI chat (`{role, content,
 * tool_calls}`, image_url parts), OpenAI Responses items (`message`, `function_call`,
 * `function_call_output`, `input_image`, a `response` object's `output`), LangChain messages with
 * OpenAI's tool calls in `additional_kwargs` (Langfuse's LangChain handler), Anthropic content blocks
 * (`text`, `image`, `tool_use`, `tool_result`, `thinking`), GenAI parts (`text`, `tool_call`,
 * `tool_call_response`, `blob`, `uri`), Vercel AI SDK parts, and the request containers around them
 * (`{messages, tools, system}`, `{input, instructions, tools}`, `choices[].message`).
 * Pure functions: the viewer renders what they answer.
 */

/** One piece of a message's content. */
export type MessagePart =
  | { kind: 'text'; text: string }
  /** `src` is a data: image or an https: URL (see imageSource); anything else is a `ref`. */
  | { kind: 'image'; src: string; remote: boolean }
  | { kind: 'ref'; text: string }
  | { kind: 'reasoning'; text: string }
  /** A part of no known kind, shown as JSON. */
  | { kind: 'json'; text: string };

/** A tool call an assistant message asks for; `arguments` is pretty-printed when it is JSON. */
export interface ToolCallView {
  id?: string;
  name: string;
  arguments: string;
}

/** One message. */
export interface ChatMessageView {
  role: string;
  parts: MessagePart[];
  name?: string;
  toolCalls?: ToolCallView[];
  /** For a tool result: the call it answers. */
  toolCallId?: string;
  isError?: boolean;
}

/** A tool the model was offered. */
export interface ToolDefinitionView {
  name: string;
  description?: string;
  /** The parameter schema as indented JSON. */
  parameters?: string;
}

/** What a payload holds when it is a conversation. */
export interface Conversation {
  messages: ChatMessageView[];
  tools: ToolDefinitionView[];
}

type Obj = Record<string, unknown>;

const MAX_MESSAGES = 5000;
/** Inline images larger than this (as data: URL text) are not drawn. */
export const MAX_IMAGE_CHARS = 8 * 1024 * 1024;
const IMAGE_TYPES = /^image\/(png|jpe?g|gif|webp|avif|bmp)$/i;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

const pretty = (value: unknown): string => {
  const parsed = parseJson(value);
  if (typeof parsed === 'string') return parsed;
  return JSON.stringify(parsed, null, 2) ?? String(parsed);
};

/**
 * Where an image may come from: a base64 data: URL of a raster image type (up to MAX_IMAGE_CHARS)
 * drawn inline, or an https: URL (`remote`, loaded only on request). Anything else answers undefined.
 */
export function imageSource(url: string): { src: string; remote: boolean } | undefined {
  if (/^data:/i.test(url)) {
    const comma = url.indexOf(',');
    const header = /^data:([^;,]+);base64$/i.exec(url.slice(0, Math.max(comma, 0)));
    if (!header || !IMAGE_TYPES.test(header[1]) || url.length > MAX_IMAGE_CHARS) return undefined;
    return /^[A-Za-z0-9+/=\s]*$/.test(url.slice(comma + 1)) ? { src: url, remote: false } : undefined;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? { src: parsed.href, remote: true } : undefined;
  } catch {
    return undefined;
  }
}

/** An image part, or a reference when the source may not be drawn (http:, file ids, other types). */
function imagePart(url: string | undefined, mediaType?: string, base64?: string): MessagePart {
  const full = base64 !== undefined ? `data:${mediaType ?? 'application/octet-stream'};base64,${base64}` : url;
  if (full === undefined) return { kind: 'ref', text: 'image' };
  const source = imageSource(full);
  if (source) return { kind: 'image', ...source };
  return { kind: 'ref', text: full.startsWith('data:') ? `${full.slice(0, 40)}…` : full };
}

/** OpenAI `image_url` (object or text), Responses `input_image`, Anthropic `source`, GenAI blob/uri, AI SDK image/file. */
function imageOf(part: Obj): MessagePart | undefined {
  const type = part.type;
  if (type === 'image_url') return imagePart(isObject(part.image_url) ? str(part.image_url.url) : str(part.image_url));
  if (type === 'input_image') return part.image_url ? imagePart(str(part.image_url)) : { kind: 'ref', text: `image ${str(part.file_id) ?? ''}`.trim() };
  if (type === 'image' && isObject(part.source)) {
    const source = part.source;
    if (source.type === 'base64') return imagePart(undefined, str(source.media_type), String(source.data ?? ''));
    return imagePart(str(source.url) ?? str(source.file_id));
  }
  if (type === 'image' && typeof part.image === 'string') {
    const image = part.image;
    return /^(data|https?):/i.test(image) ? imagePart(image) : imagePart(undefined, str(part.mediaType) ?? str(part.mimeType) ?? 'image/png', image);
  }
  if (type === 'blob' && part.modality === 'image') return imagePart(undefined, str(part.mime_type), String(part.content ?? ''));
  if (type === 'uri' && part.modality === 'image') return imagePart(str(part.uri));
  if (type === 'file' && typeof part.mediaType === 'string' && part.mediaType.startsWith('image/') && typeof part.data === 'string') {
    return /^(data|https?):/i.test(part.data) ? imagePart(part.data) : imagePart(undefined, part.mediaType, part.data);
  }
  return undefined;
}

function toolCall(id: unknown, name: unknown, args: unknown): ToolCallView | undefined {
  const n = str(name);
  if (!n) return undefined;
  const i = str(id);
  return { ...(i ? { id: i } : {}), name: n, arguments: args == null ? '' : pretty(args) };
}

/** A tool call part or item in any of the shapes; undefined when `part` is not one. */
function toolCallOf(part: Obj): ToolCallView | undefined {
  switch (part.type) {
    case 'tool_use': // Anthropic
      return toolCall(part.id, part.name, part.input);
    case 'tool_call': // GenAI
      return toolCall(part.id, part.name, part.arguments);
    case 'tool-call': // AI SDK
      return toolCall(part.toolCallId, part.toolName, part.input ?? part.args);
    case 'function_call': // Responses
    case 'custom_tool_call':
      return toolCall(part.call_id ?? part.id, part.name, part.arguments ?? part.input);
    default:
      return undefined;
  }
}

/** A tool result part or item; undefined when `part` is not one. */
function toolResultOf(part: Obj): ChatMessageView | undefined {
  const result = (id: unknown, value: unknown, name?: unknown, isError?: unknown): ChatMessageView => {
    const view: ChatMessageView = { role: 'tool', parts: contentParts(value) };
    const i = str(id);
    if (i) view.toolCallId = i;
    const n = str(name);
    if (n) view.name = n;
    if (isError === true) view.isError = true;
    return view;
  };
  switch (part.type) {
    case 'tool_result': // Anthropic
      return result(part.tool_use_id, part.content, undefined, part.is_error);
    case 'tool_call_response': // GenAI
      return result(part.id, 'response' in part ? part.response : part.result);
    case 'tool-result': {
      // AI SDK 5+: `output: {type, value}`; AI SDK 4: `result`.
      const output = isObject(part.output) && 'value' in part.output ? part.output.value : 'output' in part ? part.output : part.result;
      return result(part.toolCallId, output, part.toolName, part.isError);
    }
    case 'function_call_output': // Responses
    case 'custom_tool_call_output':
      return result(part.call_id, part.output);
    default:
      return undefined;
  }
}

/** Text of a text-like part (OpenAI, Responses, Anthropic, GenAI, AI SDK). */
function textOf(part: Obj): MessagePart | undefined {
  if (part.type === 'thinking' && typeof part.thinking === 'string') return { kind: 'reasoning', text: part.thinking };
  if (part.type === 'reasoning') {
    const summary = Array.isArray(part.summary) ? part.summary.map((s) => (isObject(s) ? String(s.text ?? '') : String(s))).join('\n') : '';
    const text = str(part.text) ?? str(part.content) ?? summary;
    return text ? { kind: 'reasoning', text } : undefined;
  }
  if (part.type === 'redacted_thinking') return undefined;
  if (part.type === 'refusal' && typeof part.refusal === 'string') return { kind: 'text', text: part.refusal };
  if (typeof part.text === 'string') return { kind: 'text', text: part.text };
  if (typeof part.content === 'string' && (part.type === 'text' || part.type === undefined)) return { kind: 'text', text: part.content };
  return undefined;
}

/** The parts of a content value: text, a list of parts, or anything else (as JSON). */
function contentParts(content: unknown): MessagePart[] {
  if (content == null || content === '') return [];
  if (typeof content === 'string') {
    const parsed = parseJson(content);
    // Content stored as the JSON text of a part list reads as that list.
    if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => isObject(p) && typeof p.type === 'string')) return contentParts(parsed);
    return [{ kind: 'text', text: content }];
  }
  const list = Array.isArray(content) ? content : [content];
  const parts: MessagePart[] = [];
  for (const part of list) {
    if (typeof part === 'string') parts.push({ kind: 'text', text: part });
    else if (isObject(part)) parts.push(imageOf(part) ?? textOf(part) ?? { kind: 'json', text: JSON.stringify(part, null, 2) });
    else if (part != null) parts.push({ kind: 'json', text: JSON.stringify(part) });
  }
  return parts;
}

/** Other names of the chat roles: OpenAI's old `function`, LangChain's message types. */
const ROLE_ALIASES = new Map([
  ['function', 'tool'],
  ['human', 'user'],
  ['ai', 'assistant'],
]);

/** A message's parts, GenAI `parts`, OpenInference `contents`, or `content`; tool calls and results split out. */
function readMessage(msg: Obj): ChatMessageView[] {
  const raw = Array.isArray(msg.parts) ? msg.parts : Array.isArray(msg.contents) ? msg.contents : msg.content;
  const list = typeof raw === 'string' ? parseJson(raw) : raw;
  const items = Array.isArray(list) ? list : [raw];
  const parts: MessagePart[] = [];
  const calls: ToolCallView[] = [];
  const results: ChatMessageView[] = [];
  for (const item of items) {
    const part = isObject(item) && isObject(item.message_content) ? item.message_content : item;
    if (isObject(part)) {
      const res = toolResultOf(part);
      if (res) {
        results.push(res);
        continue;
      }
      const call = toolCallOf(part);
      if (call) {
        calls.push(call);
        continue;
      }
    }
    parts.push(...(Array.isArray(list) ? contentParts([part]) : contentParts(part)));
  }
  // LangChain messages as Langfuse's LangChain handler sends them keep OpenAI's calls in `additional_kwargs`.
  const toolCalls = msg.tool_calls ?? (isObject(msg.additional_kwargs) ? msg.additional_kwargs.tool_calls : undefined);
  for (const c of Array.isArray(toolCalls) ? toolCalls : []) {
    if (!isObject(c)) continue;
    // `function` calls, and `custom` calls (`{custom: {name, input}}`, the TS SDK's Responses wrapper).
    const fn = isObject(c.function) ? c.function : isObject(c.custom) ? c.custom : c;
    const call = toolCall(c.id, fn.name, fn.arguments ?? fn.input ?? fn.args);
    if (call) calls.push(call);
  }
  if (isObject(msg.function_call)) {
    const call = toolCall(undefined, msg.function_call.name, msg.function_call.arguments);
    if (call) calls.push(call);
  }
  const role = ROLE_ALIASES.get(String(msg.role)) ?? String(msg.role ?? 'assistant');
  // A user message that only carries tool results (Anthropic) reads as those results.
  if (results.length > 0 && parts.length === 0 && calls.length === 0) return results;
  const view: ChatMessageView = { role, parts };
  if (calls.length > 0) view.toolCalls = calls;
  const toolCallId = str(msg.tool_call_id);
  if (toolCallId) view.toolCallId = toolCallId;
  const name = str(msg.name);
  if (name) view.name = name;
  return [view, ...results];
}

const ITEM_TYPES = new Set(['function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output', 'reasoning']);

/** A message (something with a role and content of some kind) or a Responses item. */
function isItem(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (typeof value.role === 'string' && value.role !== '') {
    return 'content' in value || 'parts' in value || 'tool_calls' in value || 'contents' in value || 'tool_call_id' in value;
  }
  return typeof value.type === 'string' && ITEM_TYPES.has(value.type);
}

/** A Responses item list or message list as views; consecutive function calls join the assistant turn before them. */
function readItems(list: unknown[]): ChatMessageView[] | null {
  if (list.length === 0 || list.length > MAX_MESSAGES || !list.every(isItem)) return null;
  const out: ChatMessageView[] = [];
  for (const item of list as Obj[]) {
    if (typeof item.role === 'string') {
      out.push(...readMessage(item));
      continue;
    }
    const call = toolCallOf(item);
    if (call) {
      const last = out[out.length - 1];
      if (last?.role === 'assistant') last.toolCalls = [...(last.toolCalls ?? []), call];
      else out.push({ role: 'assistant', parts: [], toolCalls: [call] });
      continue;
    }
    const result = toolResultOf(item);
    if (result) out.push(result);
    else {
      const reasoning = textOf(item);
      if (reasoning) out.push({ role: 'assistant', parts: [reasoning] });
    }
  }
  return out;
}

/** A system prompt: text or a list of text blocks (Anthropic `system`, Responses `instructions`, GenAI parts). */
function systemMessage(value: unknown): ChatMessageView[] {
  const parts = contentParts(value);
  return parts.length > 0 ? [{ role: 'system', parts }] : [];
}

/** Tool definitions: OpenAI chat (`function`), Responses/GenAI (flat), Anthropic (`input_schema`), AI SDK (`inputSchema`). */
export function toolDefinitions(value: unknown): ToolDefinitionView[] {
  const parsed = parseJson(value);
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? [parsed] : [];
  const tools: ToolDefinitionView[] = [];
  for (const entry of list) {
    const tool = parseJson(entry);
    if (!isObject(tool)) continue;
    const fn = isObject(tool.function) ? tool.function : tool;
    const name = str(fn.name) ?? str(tool.type);
    if (!name) continue;
    const schema = fn.parameters ?? fn.input_schema ?? fn.inputSchema;
    tools.push({
      name,
      ...(str(fn.description) ? { description: str(fn.description) } : {}),
      ...(schema != null ? { parameters: pretty(schema) } : {}),
    });
  }
  return tools;
}

/**
 * Tools offered to the model, as span attributes record them: GenAI `gen_ai.tool.definitions`,
 * OpenInference `llm.tools.N.tool.json_schema`, OpenLLMetry `llm.request.functions.N.*`, AI SDK
 * `ai.prompt.tools`, and a `tools` attribute.
 */
export function toolDefinitionsFromAttributes(attributes: unknown): ToolDefinitionView[] {
  if (!isObject(attributes)) return [];
  const direct = ['gen_ai.tool.definitions', 'ai.prompt.tools', 'llm.tools', 'tools'].flatMap((key) => (attributes[key] == null ? [] : toolDefinitions(attributes[key])));
  // `llm.tools.N.tool.json_schema` and `llm.request.functions.N.{name,description,parameters}`, by prefix and N.
  const indexed = new Map<string, Obj>();
  for (const [key, value] of Object.entries(attributes)) {
    const match = /^(llm\.tools|llm\.request\.functions)\.(\d+)\.(tool\.json_schema|name|description|parameters)$/.exec(key);
    if (!match) continue;
    const id = `${match[1]}.${match[2].padStart(6, '0')}`;
    indexed.set(id, { ...indexed.get(id), [match[3] === 'tool.json_schema' ? 'json' : match[3]]: value });
  }
  const fromIndexed = [...indexed.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, entry]) => toolDefinitions(entry.json ?? { name: entry.name, description: entry.description, parameters: parseJson(entry.parameters) }));
  return [...direct, ...fromIndexed];
}

/**
 * The conversation in a payload, or null when it holds none: a message or item list (also as JSON
 * text), a single message, `{messages}` (with `system` and `tools`), a Responses request
 * (`{input, instructions, tools}`) or response (`{output}`), or a chat completion's `choices`.
 */
export function readConversation(value: unknown): Conversation | null {
  const parsed = parseJson(value);
  if (Array.isArray(parsed)) {
    const messages = readItems(parsed);
    return messages && { messages, tools: [] };
  }
  if (!isObject(parsed)) return null;
  if (isItem(parsed)) return { messages: readItems([parsed]) ?? [], tools: [] };
  const tools = parsed.tools == null ? [] : toolDefinitions(parsed.tools);
  const withSystem = (messages: ChatMessageView[] | null, system: unknown) =>
    messages && { messages: [...(system == null ? [] : systemMessage(system)), ...messages], tools };
  if (Array.isArray(parsed.messages)) return withSystem(readItems(parsed.messages), parsed.system);
  if (Array.isArray(parsed.input)) return withSystem(readItems(parsed.input), parsed.instructions);
  // A Responses request with text input: the whole request, or `{instructions, input}` as the TS SDK records it.
  if (typeof parsed.input === 'string' && (typeof parsed.model === 'string' || parsed.instructions != null)) {
    return withSystem([{ role: 'user', parts: [{ kind: 'text', text: parsed.input }] }], parsed.instructions);
  }
  if (Array.isArray(parsed.output) && (parsed.object === 'response' || parsed.output.length > 0)) {
    const messages = readItems(parsed.output);
    if (messages) return { messages, tools };
  }
  if (Array.isArray(parsed.choices)) {
    const messages = readItems(parsed.choices.map((c) => (isObject(c) ? c.message : null)));
    if (messages) return { messages, tools };
  }
  return null;
}

/** The message list alone (see readConversation). */
export function chatMessages(value: unknown): ChatMessageView[] | null {
  return readConversation(value)?.messages ?? null;
}

/** Texts longer than this are not read as a conversation by turnText (list cells stay quick). */
const MAX_TURN_TEXT = 200_000;

/**
 * The text a turn of a conversation shows in a thread or a list cell: for a conversation, the
 * text of its last message with `role` (or its last message), with tool calls named; anything else
 * (and texts over MAX_TURN_TEXT characters) as it is.
 */
export function turnText(value: string | null, role?: string): string {
  const messages = value == null || value.length > MAX_TURN_TEXT ? null : chatMessages(value);
  if (!messages || messages.length === 0) return value ?? '';
  const message = [...messages].reverse().find((m) => m.role === role) ?? messages[messages.length - 1];
  const texts = message.parts.map((p) => (p.kind === 'image' ? `[${p.remote ? p.src : 'image'}]` : p.text));
  for (const call of message.toolCalls ?? []) texts.push(`→ ${call.name}(${call.arguments.replace(/\s+/g, ' ')})`);
  return texts.join('\n');
}
