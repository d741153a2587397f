/** Test helper: a local OpenAI-compatible server (chat completions and embeddings) answering from a function. */
import { startRecordingServer, type FakeAnswer, type RecordingServer } from './recording-server.js';

/** A chat request as the fake sees it. */
export interface FakeChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  body: Record<string, unknown>;
  /** 1-based count of chat requests so far, this one included. */
  count: number;
}

/** What the responder answers: the content text, or a raw answer (status, headers, delay). */
export type FakeChatAnswer = string | (FakeAnswer & { content?: string });

/** The running fake; `url` includes /v1. */
export interface FakeOpenAi extends RecordingServer {
  chatRequests: FakeChatRequest[];
}

/** A streamed answer (`stream: true`): server-sent events, one chunk per word, then usage and `[DONE]`. */
function streamed(request: FakeChatRequest, content: string, chunkDelayMs: number | undefined) {
  const base = { id: `chatcmpl-${request.count}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model };
  const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
  const words = content.match(/\S+\s*|\s+/g) ?? [];
  return {
    headers: { 'content-type': 'text/event-stream' },
    chunkDelayMs,
    chunks: [
      event({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
      ...words.map((w) => event({ ...base, choices: [{ index: 0, delta: { content: w }, finish_reason: null }] })),
      event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      event({ ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }),
      'data: [DONE]\n\n',
    ],
  };
}

/**
 * Starts the fake. Usage: prompt tokens = 10, completion tokens = 5 per call. A request with
 * `stream: true` is answered with server-sent events (`chunkDelayMs` of the answer apart).
 */
export async function startFakeOpenAi(responder: (request: FakeChatRequest) => FakeChatAnswer | Promise<FakeChatAnswer>): Promise<FakeOpenAi> {
  const chatRequests: FakeChatRequest[] = [];
  const server = await startRecordingServer(async (req) => {
    if (req.method === 'POST' && req.url.endsWith('/embeddings')) {
      const input = req.json().input as string[];
      return { body: { object: 'list', data: input.map((t, index) => ({ object: 'embedding', index, embedding: [t.length % 7, 1, t.length % 3] })), model: 'fake-embed', usage: { prompt_tokens: 1, total_tokens: 1 } } };
    }
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) return { status: 404, body: { error: { message: `no route ${req.url}` } } };
    const body = req.json() as Record<string, unknown>;
    const request: FakeChatRequest = { model: String(body.model), messages: body.messages as FakeChatRequest['messages'], body, count: chatRequests.length + 1 };
    chatRequests.push(request);
    const answer = await responder(request);
    const raw = typeof answer === 'string' ? { content: answer } : answer;
    if (raw.status && raw.status >= 300) return raw;
    if (body.stream === true) return streamed(request, raw.content ?? '', raw.chunkDelayMs);
    return {
      ...raw,
      body: {
        id: `chatcmpl-${request.count}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content: raw.content ?? '' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      },
    };
  });
  return { ...server, url: `${server.url}/v1`, chatRequests };
}
