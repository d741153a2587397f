/**
 * The decision cache, keyed by sha256 of the input (request, response and the trace fields rules
 * read) plus the policy versions in force, the heuristic limits and the LLM judge settings. LLM
 * verdicts live in the database (`decision_cache`, written with the decision, shared by every
 * server); heuristic-only results, cheaper to recompute than to store, in a bounded in-process LRU.
 */
import type { PolicyOutcome, Signals } from '@tracehub/core';
import type { DecisionStore, JudgeRunRow } from '../storage/decision-store.js';
import { sha256 } from './input-hash.js';
import type { LlmJudgeSettings } from './llm-judge.js';

/** A judge run as cached (without the ids of one decision). */
export type RunSummary = Omit<JudgeRunRow, 'project_id' | 'run_id' | 'decision_id' | 'trace_id' | 'input_hash' | 'cached' | 'created_at'>;

/** What the cache keeps: everything a decision needs besides its ids. */
export interface CachedDecision {
  signals: Signals;
  outcome: PolicyOutcome;
  judge_model: string;
  runs: RunSummary[];
}

/** Entries of the in-process cache of heuristic-only results. */
export const MEMORY_CACHE_ENTRIES = 10_000;

/** The cache key of an input under the given policy versions, limits and LLM judge. */
export function decisionCacheKey(
  inputHash: string,
  policies: { policy_id: string; version: number }[],
  limits: { maxLatencyMs: number; maxTokens: number },
  judge: LlmJudgeSettings | null,
): string {
  return sha256([
    inputHash,
    policies.map((p) => `${p.policy_id}@${p.version}`).join(','),
    `${limits.maxLatencyMs}/${limits.maxTokens}`,
    judge ? `${judge.baseUrl}|${judge.model}|${judge.maxRetries}|${sha256(judge.instructions ?? '')}` : 'no-llm',
  ].join('\n'));
}

/** Creates the cache over the store's `decision_cache` table. */
export function createDecisionCache(store: Pick<DecisionStore, 'getCachedResult'>, entries = MEMORY_CACHE_ENTRIES) {
  // A Map keeps insertion order: a hit moves the entry to the end, the first entry is the oldest.
  const memory = new Map<string, CachedDecision>();
  return {
    /** The cached result, from the database when `shared` (LLM-judged), else from memory. */
    async get(projectId: string, key: string, shared: boolean): Promise<CachedDecision | undefined> {
      if (shared) {
        const text = await store.getCachedResult(projectId, key);
        return text == null ? undefined : (JSON.parse(text) as CachedDecision);
      }
      const memoryKey = `${projectId}\n${key}`;
      const value = memory.get(memoryKey);
      if (value) {
        memory.delete(memoryKey);
        memory.set(memoryKey, value);
      }
      return value;
    },
    /** Keeps a heuristic-only result in memory (shared results are written with their decision). */
    remember(projectId: string, key: string, result: CachedDecision): void {
      const memoryKey = `${projectId}\n${key}`;
      memory.delete(memoryKey);
      memory.set(memoryKey, result);
      if (memory.size > entries) memory.delete(memory.keys().next().value as string);
    },
  };
}
