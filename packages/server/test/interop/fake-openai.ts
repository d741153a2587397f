/**
 * A fake OpenAI-compatible API for the interoperability tests, on 127.0.0.1 (any free port).
 * Deterministic answers:
 * - `POST /v1/chat/completions`: model `fail` → 400 JSON error; a request with `tools` whose last
 *   message is not a tool result → one assistant `tool_calls` answer (id `call_1`, arguments from
 *   TOOL_ARGUMENTS); otherwise the text `answer(lastMessage)`. With `stream: true` the same answer
 *   as SSE chunks, plus a final usage chunk when `stream_options.include_usage` is set.
 * - `POST /v1/embeddings`: 3-dimensional vectors (float or base64), with usage.
 * Usage is fixed per kind of answer (see USAGE) and always reports cached prompt tokens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Tokens reported for each kind of answer. */
export const USAGE = {
  /** A plain text answer. */
  text: { prompt_tokens: 11, completion_tokens: 7, cached_tokens: 3 },
  /** The first answer of a request with tools: a tool call. */
  toolCall: { prompt_tokens: 20, completion_tokens: 6, cached_tokens: 0 },
  /** The answer after a tool result. */
  afterTool: { prompt_tokens: 30, completion_tokens: 8, cached_tokens: 4 },
  /** An embeddings request (per call). */
  embedding: { prompt_tokens: 5 },
} as const;

/** The arguments the fake model passes to each tool (JSON text). */
export const TOOL_ARGUMENTS: Record<string, string> = {
  get_weather: '{"city":"Paris"}',
};

/** The error the fake answers for model `fail`. */
export const FAIL_MESSAGE = 'The model `fail` does not exist';

/** The text answer to a conversation whose last message has `text`. */
export function answer(text: string): string {
  return `echo: ${text}`;
}

/** The text answer after a tool returned `result`. */
export function answerAfterTool(result: string): string {
  return `The tool said ${result}`;
}

interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown[];
  tool_call_id?: string;
}

interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: Array<{ type: string; function: { name: string } }>;
}

/** A running fake API. */
export interface FakeOpenAI {
  /** Base URL ending in `/v1`. */
  baseURL: string;
  /** Every request body received, in order, with its path. */
  requests: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** The text of a message's content (a string or OpenAI content parts). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('');
  }
  return '';
}

function usageOf(kind: { prompt_tokens: number; completion_tokens: number; cached_tokens: number }) {
  return {
    prompt_tokens: kind.prompt_tokens,
    completion_tokens: kind.completion_tokens,
    total_tokens: kind.prompt_tokens + kind.completion_tokens,
    prompt_tokens_details: { cached_tokens: kind.cached_tokens },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

const CREATED = 1_770_000_000;

function chatAnswer(request: ChatRequest) {
  const last = request.messages[request.messages.length - 1];
  const tool = request.tools?.[0]?.function?.name;
  if (tool && last?.role !== 'tool') {
    return {
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: tool, arguments: TOOL_ARGUMENTS[tool] ?? '{}' } }],
      },
      finish_reason: 'tool_calls',
      usage: usageOf(USAGE.toolCall),
    };
  }
  if (last?.role === 'tool') {
    return { message: { role: 'assistant', content: answerAfterTool(textOf(last.content)) }, finish_reason: 'stop', usage: usageOf(USAGE.afterTool) };
  }
  return { message: { role: 'assistant', content: answer(textOf(last?.content)) }, finish_reason: 'stop', usage: usageOf(USAGE.text) };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function chat(request: ChatRequest, res: http.ServerResponse) {
  if (request.model === 'fail') {
    sendJson(res, 400, { error: { message: FAIL_MESSAGE, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
    return;
  }
  const { message, finish_reason, usage } = chatAnswer(request);
  const id = 'chatcmpl-fake';
  if (!request.stream) {
    sendJson(res, 200, {
      id, object: 'chat.completion', created: CREATED, model: request.model, system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message, finish_reason, logprobs: null }],
      usage,
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: CREATED, model: request.model, system_fingerprint: 'fp_fake', choices, ...extra })}\n\n`);
  const includeUsage = request.stream_options?.include_usage === true;
  const usageField = includeUsage ? { usage: null } : {};
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], usageField);
  if (message.tool_calls) {
    const call = message.tool_calls[0];
    chunk([{ index: 0, delta: { tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }], usageField);
    chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }, finish_reason: null }], usageField);
  } else {
    const words = String(message.content).split(/(?<= )/);
    for (const word of words) chunk([{ index: 0, delta: { content: word }, finish_reason: null }], usageField);
  }
  chunk([{ index: 0, delta: {}, finish_reason }], usageField);
  if (includeUsage) chunk([], { usage });
  res.write('data: [DONE]\n\n');
  res.end();
}

function embeddings(request: { model: string; input: unknown; encoding_format?: string }, res: http.ServerResponse) {
  if (request.model === 'fail') {
    sendJson(res, 400, { error: { message: FAIL_MESSAGE, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
    return;
  }
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  const vector = [0.25, 0.5, 0.75];
  const data = inputs.map((_input, index) => ({
    object: 'embedding',
    index,
    embedding: request.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
  }));
  sendJson(res, 200, {
    object: 'list', data, model: request.model,
    usage: { prompt_tokens: USAGE.embedding.prompt_tokens, total_tokens: USAGE.embedding.prompt_tokens },
  });
}

/** Starts the fake API; close it in afterAll. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: FakeOpenAI['requests'] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
      } catch {
        sendJson(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
        return;
      }
      const path = (req.url ?? '').split('?')[0];
      requests.push({ path, body });
      if (req.method === 'POST' && path === '/v1/chat/completions') chat(body as unknown as ChatRequest, res);
      else if (req.method === 'POST' && path === '/v1/embeddings') embeddings(body as { model: string; input: unknown }, res);
      else sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
