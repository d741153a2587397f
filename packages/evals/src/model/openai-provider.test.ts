import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../testing/fake-openai-server.js';
import { createOfflineProvider } from './offline-provider.js';
import { createOpenAiProvider } from './openai-provider.js';

/** A port nothing listens on (just closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('OpenAI-compatible provider', () => {
  it('names the base URL it could not reach', async () => {
    const base = `http://127.0.0.1:${await closedPort()}/v1`;
    const provider = createOpenAiProvider({ baseUrl: `${base}/`, maxRetries: 0 });
    const call = provider.chat({ model: 'm', messages: [{ role: 'user', content: '안녕' }], parameters: {} });
    await expect(call).rejects.toThrow(`Cannot reach the model server at ${base} (ECONNREFUSED); check that it is running and the base URL is right.`);
    await expect(provider.embed?.('e', ['x'])).rejects.toThrow(`Cannot reach the model server at ${base} (ECONNREFUSED)`);
  });

  it('streams a chat completion piece by piece with the usage the server reports, through the given fetch', async () => {
    const fake = await startFakeOpenAi(() => '하나 둘 셋');
    try {
      const fetched: string[] = [];
      const provider = createOpenAiProvider({
        baseUrl: fake.url, maxRetries: 0,
        fetch: ((input: string | URL | Request, init?: RequestInit) => {
          fetched.push(String(input));
          return fetch(input, init);
        }) as typeof fetch,
      });
      const pieces: string[] = [];
      const answer = await provider.chatStream?.({ model: 'm', messages: [{ role: 'user', content: 'count' }], parameters: { temperature: 0 } }, (t) => pieces.push(t));
      expect(pieces).toEqual(['하나 ', '둘 ', '셋']);
      expect(answer).toMatchObject({ content: '하나 둘 셋', usage: { input_tokens: 10, output_tokens: 5 }, model: 'm', cached: false });
      expect(fake.chatRequests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true }, temperature: 0 });
      expect(fetched).toEqual([`${fake.url}/chat/completions`]);
    } finally {
      await fake.close();
    }
  });

  it('the offline provider streams the same answer as chat, word by word', async () => {
    const offline = createOfflineProvider();
    const request = { model: 'offline', messages: [{ role: 'user', content: 'first line\nsecond line' }], parameters: {} };
    const pieces: string[] = [];
    const streamed = await offline.chatStream?.(request, (t) => pieces.push(t));
    const whole = await offline.chat(request);
    expect(streamed?.content).toBe(whole.content);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(whole.content);
  });
});
