/**
 * A fake OpenAI-compatible endpoint for the wrapper tests: chat completions (text, a tool call for
 * `weather?`, a 400 for `fail`), the Responses API (text, a function call for `call a tool`),
 * legacy completions and embeddings (float or base64), plain and SSE-streamed, with usage.
 */
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running fake: `url` is the `baseURL` to give the `openai` client (ends in `/v1`). */
export interface FakeOpenAI {
  url: string;
  close(): Promise<void>;
}

/** Answers with a server-sent event stream of `items`, closed by `[DONE]`. */
export function sse(res: ServerResponse, items: unknown[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const item of items) res.write(`data: ${JSON.stringify(item)}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/v1/chat/completions') {
        if (body.messages?.[0]?.content === 'fail') {
          json(400, { error: { message: 'messages are not acceptable', type: 'invalid_request_error' } });
          return;
        }
        const base = { id: 'chatcmpl-1', created: 1, model: `${body.model}-2025` };
        if (body.messages?.at(-1)?.content === 'weather?') {
          const toolCalls = [{ id: 'call-1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }];
          json(200, {
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: toolCalls }, finish_reason: 'tool_calls' }],
            usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
          });
          return;
        }
        if (body.stream) {
          const chunk = (delta: object, finish: string | null = null) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
          const chunks: unknown[] = [chunk({ role: 'assistant', content: 'Hel' }), chunk({ content: 'lo' }), chunk({ content: '!' }, 'stop')];
          if (body.stream_options?.include_usage) chunks.push({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } });
          sse(res, chunks);
          return;
        }
        json(200, {
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 2 } },
        });
        return;
      }
      if (req.url === '/v1/responses' && body.input === 'call a tool') {
        json(200, {
          id: 'resp-2',
          object: 'response',
          model: body.model,
          status: 'completed',
          output: [
            { type: 'reasoning', id: 'rs-1', summary: [] },
            { type: 'function_call', id: 'fc-1', call_id: 'call-9', name: 'lookup', arguments: '{"q":"x"}', status: 'completed' },
          ],
          usage: { input_tokens: 8, output_tokens: 4, total_tokens: 12 },
        });
        return;
      }
      if (req.url === '/v1/completions') {
        const base = { id: 'cmpl-1', object: 'text_completion', created: 1, model: body.model };
        if (body.stream) {
          const chunk = (text: string, finish: string | null = null) => ({ ...base, choices: [{ index: 0, text, finish_reason: finish, logprobs: null }] });
          const chunks: unknown[] = [chunk('Once '), chunk('upon'), chunk(' a time', 'length')];
          if (body.stream_options?.include_usage) chunks.push({ ...base, choices: [], usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 } });
          sse(res, chunks);
          return;
        }
        json(200, {
          ...base,
          choices: [{ index: 0, text: 'Once upon a time', finish_reason: 'length', logprobs: null }],
          usage: { prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 },
        });
        return;
      }
      if (req.url === '/v1/embeddings') {
        const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
        const vector = [0.25, -0.5, 1];
        json(200, {
          object: 'list',
          model: `${body.model}-v2`,
          data: inputs.map((_, index) => ({
            object: 'embedding',
            index,
            embedding: body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
          })),
          usage: { prompt_tokens: 6, total_tokens: 6 },
        });
        return;
      }
      if (req.url === '/v1/responses') {
        const response = {
          id: 'resp-1',
          object: 'response',
          model: body.model,
          status: 'completed',
          output: [{ type: 'message', id: 'msg-1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi there', annotations: [] }] }],
          usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7, input_tokens_details: { cached_tokens: 0 } },
        };
        if (body.stream) {
          sse(res, [
            { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } },
            { type: 'response.output_text.delta', delta: 'Hi ' },
            { type: 'response.output_text.delta', delta: 'there' },
            { type: 'response.completed', response },
          ]);
          return;
        }
        json(200, response);
        return;
      }
      json(404, { error: { message: 'no such route' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
