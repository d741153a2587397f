/**
 * Groups similar questions (pure; no I/O). Two steps:
 *
 * 1. Normalisation: Unicode NFKC, lower case, each word stripped of one Korean particle or
 *    sentence ending at its end ({@link KOREAN_SUFFIXES}, longest first, a word keeps at least one
 *    character), then every whitespace, punctuation and symbol character removed. "환불 정책이
 *    뭐예요?", "환불정책이 뭐에요" and "환불 정책은 뭐예요!!" all become "환불정책뭐".
 * 2. Similarity: inputs with the same normal form are one group; otherwise an input joins the
 *    group whose representative's character bigrams overlap its own the most, when the Jaccard
 *    index of the two bigram sets is at least the threshold (bigrams need no word splitting, so
 *    they work for Korean, which writes without reliable spaces). Candidate groups are found
 *    through an inverted bigram index, so the work grows with shared bigrams, not with n².
 */

/**
 * Korean particles (조사) and polite/question endings stripped from the end of a word, longest
 * first. Small on purpose: it removes what changes between two ways of asking the same thing; the
 * bigram similarity absorbs the rest.
 */
export const KOREAN_SUFFIXES = [
  '이었어요', '였어요', '인가요', '일까요', '입니다', '습니다', '합니다', '이에요', '이예요', '에서는', '으로는',
  '예요', '에요', '나요', '까요', '세요', '에서', '으로', '에게', '한테', '까지', '부터', '이나', '이랑', '처럼', '보다', '하고', '이요', '는요',
  '은', '는', '이', '가', '을', '를', '의', '에', '로', '와', '과', '도', '만', '요', '랑', '나',
].sort((a, b) => b.length - a.length);

/** Longest normal form compared (characters); longer inputs are compared by their start. */
export const MAX_NORMALIZED_LENGTH = 300;

const SEPARATORS = /[\p{White_Space}\p{P}\p{S}]+/u;
const STEM_END = /[\p{L}\p{N}]$/u;

/** The word without one trailing Korean particle or ending (after Hangul, Latin letters or digits — "API Key를"), keeping at least one character. */
export function stripKoreanSuffix(word: string): string {
  for (const suffix of KOREAN_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix) && STEM_END.test(word.slice(0, -suffix.length))) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** The normal form of a question: NFKC, lower case, particles stripped, no spaces, punctuation or symbols. */
export function normalizeQuestion(text: string): string {
  const words = text.normalize('NFKC').toLowerCase().split(SEPARATORS).filter(Boolean);
  return words.map(stripKoreanSuffix).join('').slice(0, MAX_NORMALIZED_LENGTH);
}

/** The set of character bigrams of a normal form (a one-character form is its own single gram). */
export function bigrams(normalized: string): Set<string> {
  const chars = [...normalized];
  if (chars.length < 2) return new Set(chars.length ? [chars[0]] : []);
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i] + chars[i + 1]);
  return grams;
}

/** Jaccard index of two sets: |A ∩ B| / |A ∪ B| (0 for two empty sets). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}

/** An input to group. */
export interface GroupInput<T> {
  text: string;
  item: T;
}

/** A group of similar inputs, in input order; the representative is the first input with the group's most common normal form. */
export interface TextGroup<T> {
  normalized: string;
  representative: T;
  representativeText: string;
  members: T[];
}

/**
 * Default similarity threshold (Jaccard over character bigrams). At 0.5 "환불 정책 알려주세요" and
 * "교환 정책 알려주세요" (refund vs exchange policy) would meet; at 0.6 they stay apart while
 * "환불 정책 좀 알려주세요" still joins the first.
 */
export const DEFAULT_SIMILARITY = 0.6;

/**
 * Groups `inputs` (e.g. newest first) by similar text; inputs whose normal form is empty are left
 * out. Groups come in order of size (largest first), ties by first appearance.
 */
export function groupSimilarTexts<T>(inputs: GroupInput<T>[], threshold = DEFAULT_SIMILARITY): TextGroup<T>[] {
  interface Building {
    grams: Set<string>;
    normalized: string;
    forms: Map<string, { count: number; first: GroupInput<T> }>;
    members: T[];
    order: number;
  }
  const groups: Building[] = [];
  const byForm = new Map<string, Building>();
  const index = new Map<string, Building[]>();
  for (const input of inputs) {
    const normalized = normalizeQuestion(input.text);
    if (!normalized) continue;
    let group = byForm.get(normalized);
    const grams = bigrams(normalized);
    if (!group) {
      // Shared bigrams per candidate group, through the index.
      const shared = new Map<Building, number>();
      for (const g of grams) for (const candidate of index.get(g) ?? []) shared.set(candidate, (shared.get(candidate) ?? 0) + 1);
      let best: Building | undefined;
      let bestScore = threshold;
      for (const [candidate, n] of shared) {
        const score = n / (grams.size + candidate.grams.size - n);
        if (score >= bestScore && (!best || score > bestScore || candidate.order < best.order)) {
          best = candidate;
          bestScore = score;
        }
      }
      group = best;
      if (!group) {
        group = { grams, normalized, forms: new Map(), members: [], order: groups.length };
        groups.push(group);
        for (const g of grams) {
          const list = index.get(g) ?? [];
          list.push(group);
          index.set(g, list);
        }
      }
      byForm.set(normalized, group);
    }
    const form = group.forms.get(normalized) ?? { count: 0, first: input };
    form.count++;
    group.forms.set(normalized, form);
    group.members.push(input.item);
  }
  return groups
    .sort((a, b) => b.members.length - a.members.length || a.order - b.order)
    .map((g) => {
      let top: [string, { count: number; first: GroupInput<T> }] | undefined;
      for (const entry of g.forms) if (!top || entry[1].count > top[1].count) top = entry;
      const [normalized, { first }] = top as [string, { count: number; first: GroupInput<T> }];
      return { normalized, representative: first.item, representativeText: first.text, members: g.members };
    });
}
