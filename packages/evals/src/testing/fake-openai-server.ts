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

/** Starts the fake. Usage: prompt tokens = 10, completion tokens = 5 per call. */
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
