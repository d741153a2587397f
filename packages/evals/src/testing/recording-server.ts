/** Test helper: an HTTP server that records every request and answers with a handler (fake MLflow, Phoenix, Langfuse, OpenAI). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json(): any;
}

/** What the handler answers. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Sent one after another instead of `body` (a streamed answer), `chunkDelayMs` apart. */
  chunks?: string[];
  chunkDelayMs?: number;
}

/** A running server. */
export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a free port. */
export async function startRecordingServer(handler: (request: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, json: () => JSON.parse(body.toString('utf8')) };
      requests.push(recorded);
      try {
        const answer = await handler(recorded);
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        if (answer.chunks) {
          res.writeHead(answer.status ?? 200, answer.headers ?? {});
          for (const chunk of answer.chunks) {
            res.write(chunk);
            if (answer.chunkDelayMs) await new Promise((r) => setTimeout(r, answer.chunkDelayMs));
          }
          res.end();
          return;
        }
        const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(text);
      } catch (error) {
        res.writeHead(500);
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
