/**
 * The heuristic judge: fast, local signals for the policy rules. PII anywhere in the request and
 * response strings, prompt-injection phrasings in the request, latency/token limits, and content
 * filter flags sent by the client or the model provider.
 */
import type { Signals } from '@tracehub/core';
import { detectInjection, findInjection } from './injection-patterns.js';
import { detectPii, findPii } from './pii-detectors.js';

/** Most characters of payload text scanned per decision (per payload); the rest is not looked at. */
export const MAX_SCAN_CHARS = 100_000;
const MAX_DEPTH = 32;

/** Limits the latency/token signals compare against. */
export interface HeuristicLimits {
  maxLatencyMs: number;
  maxTokens: number;
}

/** Content-filter verdicts that mean "nothing was filtered". */
const FILTER_OK = new Set(['ok', 'pass', 'passed', 'safe', 'none', 'clean', 'allowed']);

/** Joins every string value inside `value` (depth-first, up to MAX_SCAN_CHARS) with newlines. */
export function collectText(value: unknown): string {
  const parts: string[] = [];
  let budget = MAX_SCAN_CHARS;
  const walk = (v: unknown, depth: number) => {
    if (budget <= 0 || depth > MAX_DEPTH) return;
    if (typeof v === 'string') {
      const part = v.length > budget ? v.slice(0, budget) : v;
      parts.push(part);
      budget -= part.length + 1;
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const item of Object.values(v)) walk(item, depth + 1);
    }
  };
  walk(value, 0);
  return parts.join('\n');
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Tokens reported by a response payload: `tokens`, `total_tokens` or an OpenAI-style `usage`. */
function tokensOf(response: Record<string, unknown>): number | null {
  const usage = asRecord(response.usage);
  const direct = finite(response.tokens) ?? finite(response.total_tokens) ?? finite(usage.total_tokens);
  if (direct != null) return direct;
  const parts = [usage.prompt_tokens, usage.completion_tokens, usage.input_tokens, usage.output_tokens].map(finite);
  return parts.some((p) => p != null) ? parts.reduce<number>((sum, p) => sum + (p ?? 0), 0) : null;
}

/** Content-filter flags a payload carries, named by where they were found. */
function contentFlags(side: 'request' | 'response', payload: Record<string, unknown>): string[] {
  const flags: string[] = [];
  const safety = asRecord(payload.safety);
  const filter = safety.content_filter;
  if (typeof filter === 'string' && !FILTER_OK.has(filter.trim().toLowerCase())) flags.push(`${side}.safety.content_filter=${filter.slice(0, 64)}`);
  if (filter === false || safety.flagged === true || payload.flagged === true) flags.push(`${side}.flagged`);
  const finishReasons = [payload.finish_reason, ...(Array.isArray(payload.choices) ? payload.choices.map((c) => asRecord(c).finish_reason) : [])];
  if (finishReasons.includes('content_filter')) flags.push(`${side}.finish_reason=content_filter`);
  for (const [category, result] of Object.entries(asRecord(payload.content_filter_results))) {
    if (asRecord(result).filtered === true) flags.push(`${side}.content_filter_results.${category}`);
  }
  return flags;
}

/** Computes the signals of one request/response pair. */
export function heuristicSignals(request: Record<string, unknown>, response: Record<string, unknown>, limits: HeuristicLimits): Signals {
  const requestText = collectText(request);
  const responseText = collectText(response);
  const piiTypes = new Set([...detectPii(requestText), ...detectPii(responseText)]);
  const injection = detectInjection(requestText);
  const latency = finite(response.latency_ms);
  const tokens = tokensOf(response);
  const flags = [...contentFlags('request', request), ...contentFlags('response', response)];
  return {
    pii: piiTypes.size > 0,
    pii_types: [...piiTypes].sort(),
    prompt_injection: injection.length > 0,
    injection_patterns: injection,
    latency_ms: latency,
    latency_exceeded: latency != null && latency > limits.maxLatencyMs,
    tokens,
    token_exceeded: tokens != null && tokens > limits.maxTokens,
    content_flagged: flags.length > 0,
    content_flags: flags,
  };
}

/** One match the heuristic judge found, located in the text it scanned. */
export interface FlaggedMatch {
  source: 'request' | 'response';
  kind: 'pii' | 'injection';
  type: string;
  start: number;
  end: number;
}

/**
 * The texts the heuristic judge scanned for one request/response pair (the same collection as
 * heuristicSignals) and where its PII and injection matches are, for people reviewing a case.
 */
export function flaggedText(request: unknown, response: unknown): { request: string; response: string; matches: FlaggedMatch[] } {
  const texts = { request: collectText(request), response: collectText(response) };
  const matches: FlaggedMatch[] = [];
  for (const source of ['request', 'response'] as const) {
    for (const m of findPii(texts[source])) matches.push({ source, kind: 'pii', ...m });
  }
  for (const m of findInjection(texts.request)) matches.push({ source: 'request', kind: 'injection', ...m });
  matches.sort((a, b) => (a.source === b.source ? a.start - b.start : a.source === 'request' ? -1 : 1));
  return { ...texts, matches };
}
