/**
 * The offline provider (`--provider offline`): answers from the rendered prompt alone, with no network,
 * the same answer for the same model and messages on every machine. For demos, CI and benchmarks.
 *
 * - When the prompt shows a JSON example (e.g. `{"score": 0, "strengths": ["..."]}`), the answer is
 *   that JSON with every `"..."` filled by a line of the prompt and every number replaced by a small
 *   whole number, both picked by the sha256 of the messages.
 * - Otherwise the answer is a numbered list of up to three lines of the last user message.
 * Token counts are estimated (UTF-8 bytes / 4). Embeddings are hashed character trigrams.
 */
import type { ChatMessage } from '@tracehub/core';
import { sha256Hex } from '../hashing.js';
import { seededRandom, type Random } from '../seeded-random.js';
import type { ChatRequest, ChatResponse, ModelProvider } from './model-provider.js';
import { estimateTokens } from './token-estimate.js';

const EMBEDDING_DIMENSIONS = 256;

/** The last balanced `{…}` of `text` that parses as a JSON object. */
function jsonExample(text: string): Record<string, unknown> | null {
  for (let end = text.lastIndexOf('}'); end > 0; end = text.lastIndexOf('}', end - 1)) {
    let depth = 0;
    for (let start = end; start >= 0; start--) {
      if (text[start] === '}') depth++;
      else if (text[start] === '{' && --depth === 0) {
        try {
          const value: unknown = JSON.parse(text.slice(start, end + 1));
          if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
        } catch {
          // not JSON; try an earlier brace
        }
        break;
      }
    }
  }
  return null;
}

function fill(example: unknown, lines: string[], random: Random): unknown {
  const pick = () => (lines.length ? lines[Math.floor(random() * lines.length)] : 'offline answer');
  if (typeof example === 'string') return example === '...' || example === '…' || example === '' ? pick() : example;
  if (typeof example === 'number') return 1 + Math.floor(random() * 5);
  if (Array.isArray(example)) {
    if (example.length === 0) return [];
    const count = 1 + Math.floor(random() * 3);
    return Array.from({ length: Math.max(count, example.length) }, (_, i) => fill(example[i % example.length], lines, random));
  }
  if (example && typeof example === 'object') {
    return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, fill(v, lines, random)]));
  }
  return example;
}

/** The deterministic answer for `messages`. */
export function offlineAnswer(model: string, messages: ChatMessage[]): string {
  const all = messages.map((m) => `${m.role}\n${m.content}`).join('\n');
  const random = seededRandom(parseInt(sha256Hex(`${model}\n${all}`).slice(0, 8), 16));
  const last = [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1];
  const lines = (last?.content ?? '')
    .split('\n')
    .map((l) => l.replace(/^[\s\-*•\d.)]+/, '').replace(/[[\]]/g, '').trim())
    .filter((l) => l.length > 0 && !l.includes('{') && !l.endsWith(':'));
  const example = jsonExample(all);
  if (example) return JSON.stringify(fill(example, lines, random));
  const start = lines.length > 3 ? Math.floor(random() * (lines.length - 2)) : 0;
  return lines
    .slice(start, start + 3)
    .map((line, i) => `${i + 1}. ${line}`)
    .join('\n');
}

/** Hashed character-trigram vector, L2-normalised. */
function offlineEmbedding(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  const chars = [...` ${text.toLowerCase()} `];
  for (let i = 0; i + 2 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1] + chars[i + 2];
    let hash = 2166136261;
    for (let j = 0; j < gram.length; j++) hash = Math.imul(hash ^ gram.charCodeAt(j), 16777619) >>> 0;
    vector[hash % EMBEDDING_DIMENSIONS] += 1;
  }
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}

function offlineChat(request: ChatRequest): ChatResponse {
  const started = performance.now();
  const content = offlineAnswer(request.model, request.messages);
  return {
    content,
    usage: { input_tokens: estimateTokens(request.messages.map((m) => m.content).join('\n')), output_tokens: estimateTokens(content) },
    latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    cached: false,
    model: request.model,
  };
}

/** Creates the offline provider. */
export function createOfflineProvider(): ModelProvider {
  return {
    id: 'offline',
    kind: 'offline',
    async chat(request: ChatRequest): Promise<ChatResponse> {
      return offlineChat(request);
    },
    /** The same answer as `chat`, handed out word by word. */
    async chatStream(request: ChatRequest, onDelta: (text: string) => void): Promise<ChatResponse> {
      const answer = offlineChat(request);
      for (const piece of answer.content.match(/\S+\s*|\s+/g) ?? []) {
        onDelta(piece);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return answer;
    },
    async embed(_model: string, texts: string[]): Promise<number[][]> {
      return texts.map(offlineEmbedding);
    },
  };
}
