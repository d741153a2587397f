/**
 * Top miss-queries: the inputs of traces that went wrong in a window — failing evaluations,
 * negative user feedback, BLOCK or ESCALATE decisions, errors — grouped by similar text
 * (text-grouping.ts), counted and ranked, each group with example traces and its reasons. Reads at
 * most {@link CANDIDATE_LIMIT} candidate traces per request (newest first) and says when it capped.
 */
import { EXPECTED_OUTPUT_STUB, EXPERIMENT_ENVIRONMENT, microsToIso, type MissQueries, type MissQueriesQuery } from '@tracehub/core';
import type { MissQueryCandidate, TraceReadStore } from '../storage/store.js';
import { groupSimilarTexts } from './text-grouping.js';

/** Most candidate traces one request reads (the newest of the window). */
export const CANDIDATE_LIMIT = 3000;
/** Example traces per group. */
const EXAMPLES = 5;
/** Longest example input in the answer (characters). */
const EXAMPLE_TEXT = 300;
const HOUR = 3_600_000_000;
const MESSAGE_KEYS = ['messages', 'question', 'query', 'input', 'prompt', 'text', 'content', 'message'];

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function textOf(value: Json, depth: number): string | undefined {
  if (depth > 5) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) {
    // A chat message list: the last user turn; a list of content parts: their texts.
    const user = [...value].reverse().find((m) => isObject(m) && m.role === 'user');
    if (user) return textOf((user as Record<string, Json>).content, depth + 1);
    const parts = value.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : typeof p === 'string' ? p : '')).filter(Boolean);
    return parts.length ? parts.join(' ') : undefined;
  }
  if (isObject(value)) {
    for (const key of MESSAGE_KEYS) {
      if (key in value) {
        const found = textOf(value[key], depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/**
 * The question in a trace's input text: the text itself, or — for JSON input — the last user
 * message of a message list, or the first of `question`, `query`, `input`, `prompt`, `text`,
 * `content`, `message`. JSON it cannot read (e.g. cut off) is taken as text.
 */
export function questionText(input: string | null): string {
  const text = input?.trim() ?? '';
  if (!text.startsWith('{') && !text.startsWith('[')) return text;
  try {
    return textOf(JSON.parse(text), 0) ?? text;
  } catch {
    return text;
  }
}

const isNegativeFeedback = (c: MissQueryCandidate) => c.user_review_passed === false || c.failed_evals.some((e) => e.source === 'user');

/** Creates the miss-query service. `now` is the clock in microseconds. */
export function createMissQueryService(store: Pick<TraceReadStore, 'missQueryCandidates'>, now: () => number) {
  return {
    async list(projectId: string, query: MissQueriesQuery): Promise<MissQueries> {
      const to = now();
      const from = to - Math.round(query.last_hours * HOUR);
      const rows = await store.missQueryCandidates(projectId, {
        from, to, limit: CANDIDATE_LIMIT + 1, ...(!query.include_experiments && { excludeEnvironment: EXPERIMENT_ENVIRONMENT }),
      });
      const candidates = rows.slice(0, CANDIDATE_LIMIT);
      const groups = groupSimilarTexts(candidates.map((c) => ({ text: questionText(c.input_text), item: c })), query.similarity);
      const grouped = groups.reduce((n, g) => n + g.members.length, 0);
      return {
        from: microsToIso(from),
        to: microsToIso(to),
        last_hours: query.last_hours,
        similarity: query.similarity,
        candidates: candidates.length,
        candidate_limit: CANDIDATE_LIMIT,
        capped: rows.length > CANDIDATE_LIMIT,
        without_input: candidates.length - grouped,
        total_groups: groups.length,
        groups: groups.slice(0, query.limit).map((g, i) => {
          const evals = new Map<string, number>();
          const decisions: Record<string, number> = {};
          let negative = 0;
          let errors = 0;
          for (const c of g.members) {
            for (const name of new Set(c.failed_evals.filter((e) => e.source !== 'user').map((e) => e.eval_name))) evals.set(name, (evals.get(name) ?? 0) + 1);
            if (c.decision_action === 'BLOCK' || c.decision_action === 'ESCALATE') decisions[c.decision_action] = (decisions[c.decision_action] ?? 0) + 1;
            if (isNegativeFeedback(c)) negative++;
            if (c.status === 'error') errors++;
          }
          const times = g.members.map((c) => c.start_time);
          return {
            rank: i + 1,
            count: g.members.length,
            representative_input: g.representativeText,
            representative_trace_id: g.representative.trace_id,
            normalized: g.normalized,
            first_seen: microsToIso(Math.min(...times)),
            last_seen: microsToIso(Math.max(...times)),
            reasons: {
              failed_evals: [...evals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([eval_name, count]) => ({ eval_name, count })),
              negative_feedback: negative,
              decisions,
              errors,
            },
            examples: g.members.slice(0, EXAMPLES).map((c) => ({
              trace_id: c.trace_id, name: c.name, start_time: microsToIso(c.start_time), input_text: questionText(c.input_text).slice(0, EXAMPLE_TEXT),
            })),
          };
        }),
        expected_output_stub: structuredClone(EXPECTED_OUTPUT_STUB),
      };
    },
  };
}

/** The miss-query service. */
export type MissQueryService = ReturnType<typeof createMissQueryService>;
