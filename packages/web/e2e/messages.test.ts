/**
 * Messages in the trace detail, in a real browser: every shape the ingestion paths store (OpenAI
 * chat with tool calls and results, OpenAI Responses items, Anthropic content blocks with an image,
 * GenAI parts over OTLP with an image and tool definitions) renders as chat, markdown renders without running
 * anything, and the raw-JSON toggle shows the stored value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpAttributes } from '../../core/src/otlp/testing/otlp-attributes.js';
import { ADMIN_PASSWORD, API_KEY, api, E2E_TIMEOUTS, type E2E, poll, screenshot, signIn, startE2E } from './harness.js';

const TRACE = 'messages-trace';
const OTLP_TRACE = '5b8efff798038103d269b633813fc60c';
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC';
const XSS = [
  '## Answer',
  'Some **bold** text and a list:',
  '- one',
  '- two',
  '',
  '<script>window.__xss = "script"</script>',
  '',
  '<img src="x" onerror="window.__xss = \'onerror\'">',
  '',
  'Inline <b onmouseover="window.__xss = \'inline\'">html</b>, [click me](javascript:window.__xss="link") and ![pixel](javascript:window.__xss="img")',
].join('\n');

function seedTrace() {
  const start = Date.now() - 60_000;
  const at = (ms: number) => new Date(start + ms).toISOString();
  const span = (span_id: string, name: string, input: unknown, output: unknown, from: number) => ({
    span_id,
    name,
    span_type: 'llm',
    status: 'success',
    start_time: at(from),
    end_time: at(from + 500),
    model: 'gpt-4.1-mini',
    input,
    output,
  });
  return {
    trace: {
      trace_id: TRACE,
      name: 'messages-demo',
      session_id: 'messages-session',
      status: 'success',
      start_time: at(0),
      end_time: at(5_000),
      // A JSON message list as input and a single {role, content} as output: shown as chat.
      input_text: JSON.stringify([{ role: 'user', content: 'What is the weather in Seoul?' }]),
      output_text: JSON.stringify({ role: 'assistant', content: 'It is **21 °C** in Seoul.' }),
    },
    spans: [
      span(
        'openai-chat',
        'openai-chat',
        {
          messages: [
            { role: 'user', content: 'What is the weather in Seoul?' },
            { role: 'assistant', content: null, tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Seoul"}' } }] },
            { role: 'tool', tool_call_id: 'call_w1', content: '{"temp_c":21}' },
          ],
          tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather by city', parameters: { type: 'object' } } }],
        },
        { choices: [{ message: { role: 'assistant', content: 'It is **21 °C** in Seoul.' } }] },
        0,
      ),
      span(
        'openai-responses',
        'openai-responses',
        {
          model: 'gpt-4.1-mini',
          instructions: 'Answer briefly.',
          input: [
            { role: 'user', content: [{ type: 'input_text', text: 'Find the refund policy' }, { type: 'input_image', image_url: 'https://example.com/receipt.png' }] },
            { type: 'function_call', call_id: 'fc_7', name: 'search_docs', arguments: '{"query":"refund"}' },
            { type: 'function_call_output', call_id: 'fc_7', output: 'Refunds within 30 days.' },
          ],
        },
        { object: 'response', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Refunds are accepted within 30 days.' }] }] },
        1_000,
      ),
      span(
        'anthropic',
        'anthropic',
        {
          system: 'You describe images.',
          messages: [
            { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } }, { type: 'text', text: 'What colour is this?' }] },
            { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'colour_picker', input: { x: 1, y: 1 } }] },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'red' }] },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'It is red.' }] },
        2_000,
      ),
      span('markdown', 'markdown', [{ role: 'user', content: 'format it' }], { role: 'assistant', content: XSS }, 3_000),
      span(
        'long',
        'long-conversation',
        Array.from({ length: 150 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i}` })),
        null,
        4_000,
      ),
    ],
  };
}

/** A GenAI-conventions span over OTLP/JSON: parts-format messages and tool definitions as attributes. */
async function sendOtlp(url: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const body = {
    resourceSpans: [
      {
        resource: { attributes: otlpAttributes({ 'service.name': 'genai-demo' }) },
        scopeSpans: [
          {
            spans: [
              {
                traceId: OTLP_TRACE,
                spanId: '1111111111111111',
                name: 'chat gpt-4.1-mini',
                kind: 3,
                startTimeUnixNano: String(now - 2_000_000_000n),
                endTimeUnixNano: String(now - 1_000_000_000n),
                attributes: otlpAttributes({
                  'gen_ai.operation.name': 'chat',
                  'gen_ai.request.model': 'gpt-4.1-mini',
                  'gen_ai.input.messages': JSON.stringify([
                    { role: 'user', parts: [{ type: 'text', content: 'Book a table for two' }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: PNG_BASE64 }] },
                    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_b1', name: 'book_table', arguments: { people: 2 } }] },
                    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_b1', response: { booked: true } }] },
                  ]),
                  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Your table is _booked_.' }], finish_reason: 'stop' }]),
                  'gen_ai.tool.definitions': JSON.stringify([{ type: 'function', name: 'book_table', description: 'Books a restaurant table' }]),
                }),
              },
            ],
          },
        ],
      },
    ],
  };
  const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`/v1/traces: ${res.status} ${await res.text()}`);
}

describe('trace detail messages (English browser)', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    const res = await api(e2e.url, 'POST', '/ingest/traces', seedTrace());
    if (res.status >= 300) throw new Error(`/ingest/traces: ${res.status} ${JSON.stringify(res.body)}`);
    await sendOtlp(e2e.url);
    e2e.page.on('pageerror', (error) => pageErrors.push(error.message));
    e2e.page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) pageErrors.push(msg.text());
    });
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  const openSpan = async (traceId: string, spanId: string) => {
    await e2e.page.goto(`/traces/${traceId}?span=${spanId}`);
    const detail = e2e.page.locator('[data-testid="span-detail"]');
    await detail.locator('.chat').first().waitFor();
    return detail;
  };

  it('trace input (a JSON message list) and output (one {role, content}) show as chat with markdown', async () => {
    const { page } = e2e;
    // In the list, the input cell (a default column) shows the turn's text, not JSON.
    await page.goto('/traces?name=messages-demo');
    const row = page.locator('[data-testid="trace-table"] tbody tr').first();
    await poll(() => row.innerText()).toContain('What is the weather in Seoul?');
    expect(await row.innerText()).not.toContain('"role"');
    await page.goto(`/traces/${TRACE}`);
    const io = page.locator('section.card').first().locator('.io-grid');
    await io.locator('.chat-msg').first().waitFor();
    expect(await io.locator('.chat-msg[data-role="user"]').innerText()).toContain('What is the weather in Seoul?');
    expect(await io.locator('.chat-msg[data-role="assistant"] strong').innerText()).toBe('21 °C');
    expect(await io.innerText()).not.toContain('"role"');
  });

  it('OpenAI chat: the tool call (name + arguments), the tool result, the tools offered, and the raw-JSON toggle', async () => {
    const detail = await openSpan(TRACE, 'openai-chat');
    const input = detail.locator('.payload').first();
    const call = input.locator('[data-testid="tool-call"]');
    expect(await call.innerText()).toContain('get_weather');
    expect(await call.innerText()).toContain('"city": "Seoul"');
    const result = input.locator('.chat-msg[data-role="tool"]');
    expect(await result.innerText()).toContain('result of call_w1');
    // A JSON tool result is pretty-printed, not read as markdown.
    expect(await result.locator('pre').innerText()).toBe('{\n  "temp_c": 21\n}');
    const tools = input.locator('[data-testid="tool-definitions"]');
    expect(await tools.locator('summary').innerText()).toBe('Tools offered (1)');
    await tools.locator('summary').click();
    expect(await tools.innerText()).toContain('Current weather by city');
    expect(await detail.locator('.payload').nth(1).locator('.chat-msg strong').innerText()).toBe('21 °C');
    await screenshot(e2e.page, 'messages-openai-tool-calls');
    await input.getByRole('button', { name: 'Raw JSON' }).click();
    expect(await input.locator('pre').first().innerText()).toContain('"tool_calls": [');
    await input.getByRole('button', { name: 'As chat' }).click();
    await input.locator('[data-testid="tool-call"]').waitFor();
  });

  it('OpenAI Responses: instructions, input_text, a https image held back until asked, function call and output', async () => {
    const detail = await openSpan(TRACE, 'openai-responses');
    const input = detail.locator('.payload').first();
    expect(await input.locator('.chat-msg[data-role="system"]').innerText()).toContain('Answer briefly.');
    expect(await input.locator('.chat-msg[data-role="user"]').innerText()).toContain('Find the refund policy');
    // The https: image is not fetched until asked for; then it is an <img> the CSP allows.
    expect(await input.locator('img').count()).toBe(0);
    await input.getByRole('button', { name: 'Load image from example.com' }).click();
    expect(await input.locator('img.chat-image').getAttribute('src')).toBe('https://example.com/receipt.png');
    expect(await input.locator('[data-testid="tool-call"]').innerText()).toContain('search_docs');
    expect(await input.locator('.chat-msg[data-role="tool"]').innerText()).toContain('Refunds within 30 days.');
    expect(await detail.locator('.payload').nth(1).innerText()).toContain('Refunds are accepted within 30 days.');
  });

  it('Anthropic blocks: the base64 image is drawn, tool_use and tool_result read as a call and its result', async () => {
    const detail = await openSpan(TRACE, 'anthropic');
    const input = detail.locator('.payload').first();
    const image = input.locator('img.chat-image');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
    expect(await input.locator('[data-testid="tool-call"]').innerText()).toContain('colour_picker');
    expect(await input.locator('.chat-msg[data-role="tool"]').innerText()).toContain('red');
    expect(await input.locator('.chat-msg[data-role="system"]').innerText()).toContain('You describe images.');
    await screenshot(e2e.page, 'messages-anthropic-image');
  });

  it('markdown renders, and its <script>, onerror and javascript: payloads do nothing', async () => {
    const { page } = e2e;
    const detail = await openSpan(TRACE, 'markdown');
    const output = detail.locator('.payload').nth(1);
    await output.locator('.markdown h2').waitFor();
    expect(await output.locator('.markdown h2').innerText()).toBe('Answer');
    expect(await output.locator('.markdown li').count()).toBe(2);
    expect(await output.locator('script').count()).toBe(0);
    expect(await output.locator('[onerror]').count()).toBe(0);
    const link = output.getByText('click me');
    expect(await output.locator('a[href*="javascript" i]').count()).toBe(0);
    await link.click();
    await output.getByText('html').hover();
    await page.waitForTimeout(300);
    await screenshot(page, 'messages-markdown');
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  });

  it('GenAI parts over OTLP: text, tool call and tool response as chat, tool definitions from the span attributes', async () => {
    const detail = await openSpan(OTLP_TRACE, '1111111111111111');
    const input = detail.locator('.payload').first();
    expect(await input.locator('.chat-msg[data-role="user"]').innerText()).toContain('Book a table for two');
    // The GenAI blob image survives ingestion (as an image_url part) and is drawn.
    expect(await input.locator('.chat-msg[data-role="user"] img.chat-image').getAttribute('src')).toBe(`data:image/png;base64,${PNG_BASE64}`);
    expect(await input.locator('[data-testid="tool-call"]').innerText()).toContain('book_table');
    expect(await input.locator('[data-testid="tool-call"]').innerText()).toContain('"people": 2');
    expect(await input.locator('.chat-msg[data-role="tool"]').innerText()).toContain('booked');
    expect(await input.locator('[data-testid="tool-definitions"] summary').innerText()).toBe('Tools offered (1)');
    expect(await detail.locator('.payload').nth(1).locator('.chat-msg em').innerText()).toBe('booked');
    await screenshot(e2e.page, 'messages-genai-parts');
  });

  it('a long conversation draws its first 100 messages, then all on request', async () => {
    const detail = await openSpan(TRACE, 'long');
    const input = detail.locator('.payload').first();
    expect(await input.locator('.chat-msg').count()).toBe(100);
    await input.getByRole('button', { name: 'Show all 150 messages' }).click();
    await poll(() => input.locator('.chat-msg').count()).toBe(150);
  });

  it('the session thread shows the turns of a message-list input and output as text, not JSON', async () => {
    const { page } = e2e;
    await page.goto('/sessions/messages-session');
    const thread = page.getByTestId('session-thread');
    await poll(() => thread.innerText()).toContain('What is the weather in Seoul?');
    expect(await thread.innerText()).toContain('It is **21 °C** in Seoul.');
    expect(await thread.innerText()).not.toContain('"role"');
  });

  it('in Korean: roles and labels in Korean, no English label', async () => {
    const { page } = e2e;
    await openSpan(TRACE, 'openai-chat');
    await page.getByTestId('language-switch').selectOption('ko');
    const input = page.locator('[data-testid="span-detail"] .payload').first();
    await poll(() => input.locator('.chat-role').first().innerText()).toBe('사용자');
    const text = await input.innerText();
    for (const label of ['어시스턴트', '도구 호출', 'call_w1 호출의 결과', '제공된 도구 (1개)', 'JSON 원문']) expect(text).toContain(label);
    for (const english of [/\bUser\b/i, /\bAssistant\b/i, /Tool call/i, /result of/i, /Tools offered/i, /Raw JSON/i]) expect(text).not.toMatch(english);
    await screenshot(page, 'messages-ko');
    await page.getByTestId('language-switch').selectOption('en');
  });

  it('raised no script error and no CSP violation', () => {
    expect(pageErrors).toEqual([]);
  });
});
