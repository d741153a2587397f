/**
 * Shapes of the OpenAI wrapper: every generation is recorded as OpenAI chat messages
 * (`[{role: 'assistant', content, tool_calls?}]`) whatever API produced it — chat completions,
 * the Responses API, legacy completions — and embeddings as a compact summary without the
 * vectors. Also the plain texts an implicit trace gets as `input_text` / `output_text`.
 */

type Json = Record<string, any>;

/** An assistant message in OpenAI chat format. */
export interface AssistantMessage {
  role: string;
  content: string | null;
  tool_calls?: Json[];
  [key: string]: unknown;
}

/** The text of a message `content`: a string, or the text parts of a part list joined. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') texts.push(part);
    else if (part !== null && typeof part === 'object' && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function lastUserText(messages: unknown[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as Json | null;
    if (message !== null && typeof message === 'object' && message.role === 'user') return contentText(message.content);
  }
  return undefined;
}

function promptText(prompt: unknown): string | undefined {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === 'string')) return prompt.join('\n');
  return undefined;
}

/**
 * The text an implicit trace shows as its input: the last user message (chat, Responses API
 * input items), else the prompt (a Responses API input string, a legacy completion prompt, the
 * text(s) embedded).
 */
export function requestText(operation: string, body: Json): string | undefined {
  if (operation === 'chat') {
    if (!Array.isArray(body.messages)) return undefined;
    return lastUserText(body.messages) ?? contentText((body.messages[body.messages.length - 1] as Json | undefined)?.content);
  }
  if (operation === 'responses') {
    if (typeof body.input === 'string') return body.input;
    if (Array.isArray(body.input)) return lastUserText(body.input);
    return undefined;
  }
  if (operation === 'completions') return promptText(body.prompt);
  if (operation === 'embeddings') return promptText(body.input);
  return undefined;
}

/**
 * The text an implicit trace shows as its output: the first assistant message's text (or its
 * refusal), else its tool calls as JSON.
 */
export function answerText(output: unknown): string | undefined {
  const message = (Array.isArray(output) ? output[0] : output) as Json | undefined;
  if (message === null || typeof message !== 'object') return typeof message === 'string' ? message : undefined;
  const text = contentText(message.content);
  if (text !== undefined && text !== '') return text;
  if (typeof message.refusal === 'string' && message.refusal !== '') return message.refusal;
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) return JSON.stringify(message.tool_calls);
  return text;
}

/** Chat messages of a Chat Completions answer: one per choice. */
export function chatMessages(choices: unknown): unknown[] | undefined {
  if (!Array.isArray(choices)) return undefined;
  return choices.map((choice) => (choice as Json | null)?.message);
}

/** Chat messages of a legacy completion: one assistant message per `choices[].text`. */
export function completionMessages(choices: unknown): AssistantMessage[] | undefined {
  if (!Array.isArray(choices)) return undefined;
  return choices.map((choice) => ({ role: 'assistant', content: typeof choice?.text === 'string' ? choice.text : null }));
}

/**
 * The Responses API `output` items as one assistant chat message: the text of `message` items
 * (output_text and refusal parts) as `content`, `function_call` / `custom_tool_call` items as
 * `tool_calls`. Undefined when `output` holds neither (reasoning or built-in tool calls only),
 * so the caller can keep the items as they are.
 */
export function responsesMessages(output: unknown, fallbackText?: string): AssistantMessage[] | undefined {
  const texts: string[] = [];
  const toolCalls: Json[] = [];
  let generated = false;
  if (Array.isArray(output)) {
    for (const item of output) {
      if (item === null || typeof item !== 'object') continue;
      if (item.type === 'message') {
        generated = true;
        const parts = Array.isArray(item.content) ? item.content : [item.content];
        for (const part of parts) {
          if (typeof part === 'string') texts.push(part);
          else if (part?.type === 'output_text' && typeof part.text === 'string') texts.push(part.text);
          else if (part?.type === 'refusal' && typeof part.refusal === 'string') texts.push(part.refusal);
        }
      } else if (item.type === 'function_call') {
        generated = true;
        toolCalls.push({ id: item.call_id ?? item.id, type: 'function', function: { name: item.name, arguments: item.arguments } });
      } else if (item.type === 'custom_tool_call') {
        generated = true;
        toolCalls.push({ id: item.call_id ?? item.id, type: 'custom', custom: { name: item.name, input: item.input } });
      }
    }
  }
  if (!generated) {
    if (typeof fallbackText !== 'string' || fallbackText === '') return undefined;
    texts.push(fallbackText);
  } else if (texts.length === 0 && typeof fallbackText === 'string' && fallbackText !== '') {
    texts.push(fallbackText);
  }
  const message: AssistantMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return [message];
}

function dimensionsOf(embedding: unknown): number | undefined {
  if (Array.isArray(embedding) || ArrayBuffer.isView(embedding)) return (embedding as ArrayLike<unknown>).length;
  if (typeof embedding === 'string') return Math.floor(Buffer.byteLength(embedding, 'base64') / 4); // base64 float32
  return undefined;
}

/** An embeddings answer without the vectors: how many, and their dimensions. */
export function embeddingsSummary(data: unknown): Json | undefined {
  if (!Array.isArray(data)) return undefined;
  const summary: Json = { count: data.length };
  const dimensions = dimensionsOf((data[0] as Json | undefined)?.embedding);
  if (dimensions !== undefined) summary.dimensions = dimensions;
  return summary;
}
