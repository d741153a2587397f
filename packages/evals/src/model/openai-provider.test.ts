import net from 'node:net';
import { describe, expect, it } from 'vitest';
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
});
