/**
 * `similarity`: how close the output is to the reference text. `method: levenshtein` (default when the
 * provider has no embeddings) = 1 − edit distance / longer length; `embedding` = cosine similarity of
 * the provider's embeddings (`embedding_model`, required for OpenAI-compatible providers). `auto`
 * (default) uses embeddings when the provider offers them and a model is set (the offline provider
 * always offers hashed-trigram embeddings).
 */
import { distance } from 'fastest-levenshtein';
import type { ModelProvider } from '../model/model-provider.js';
import { textTranslator } from '../report/report-lang.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, stringOption, type EvaluatorSpec } from './evaluator-spec.js';
import { normalizeText } from './text-match.js';

/** What the similarity evaluator may use. */
export interface SimilarityDeps {
  provider?: ModelProvider;
}

function referenceText(reference: unknown, raw: unknown): string | null {
  if (typeof reference === 'string' && reference) return reference;
  if (reference && typeof reference === 'object' && !Array.isArray(reference)) {
    for (const key of ['text', 'answer', 'output', 'expected_output']) {
      const value = (reference as Record<string, unknown>)[key];
      if (typeof value === 'string' && value) return value;
    }
  }
  return typeof raw === 'string' && raw ? raw : null;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Levenshtein similarity of two texts after normalisation, in [0, 1]. */
function levenshteinSimilarity(a: string, b: string): number {
  const x = normalizeText(a);
  const y = normalizeText(b);
  const longest = Math.max(x.length, y.length);
  return longest === 0 ? 1 : 1 - distance(x, y) / longest;
}

/** Creates the evaluator. Options: `method`, `embedding_model`, `reference` (a fixed text). Default threshold 0.8. */
export function createSimilarityEvaluator(spec: EvaluatorSpec, deps: SimilarityDeps = {}): Evaluator {
  const base = evaluatorBase(spec, 0.8);
  const method = stringOption(spec, 'method') ?? 'auto';
  if (!['auto', 'levenshtein', 'embedding'].includes(method)) throw new Error(`evaluator ${base.name}: method must be auto, levenshtein or embedding.`);
  const embeddingModel = stringOption(spec, 'embedding_model') ?? (deps.provider?.kind === 'offline' ? 'offline-trigram' : undefined);
  const useEmbeddings = method === 'embedding' || (method === 'auto' && !!deps.provider?.embed && !!embeddingModel);
  if (useEmbeddings && (!deps.provider?.embed || !embeddingModel)) {
    throw new Error(`evaluator ${base.name}: method embedding needs a provider with embeddings and embedding_model.`);
  }
  const fixed = stringOption(spec, 'reference');
  return {
    ...base,
    type: 'similarity',
    async evaluate({ output, expected, lang }) {
      const t = textTranslator(lang ?? 'en');
      const reference = fixed ?? referenceText(expected.reference, expected.raw);
      if (!reference) return { score: null, comment: { reasoning: t('The item has no reference text to compare with.') } };
      let score: number;
      let how: string;
      if (useEmbeddings) {
        const [a, b] = await deps.provider!.embed!(embeddingModel!, [output, reference]);
        score = Math.max(0, Math.min(1, cosine(a, b)));
        how = t('cosine similarity of {model} embeddings', { model: embeddingModel! });
      } else {
        score = levenshteinSimilarity(output, reference);
        how = t('Levenshtein similarity');
      }
      const passed = score >= base.threshold;
      return {
        score,
        evalModel: useEmbeddings ? embeddingModel : null,
        comment: {
          passed_items: passed ? [`${how} ${score.toFixed(3)} ≥ ${base.threshold}`] : [],
          failed_items: passed ? [] : [`${how} ${score.toFixed(3)} < ${base.threshold}`],
          reasoning: t("The output's {how} to the reference is {score}.", { how, score: score.toFixed(3) }),
          suggestions: passed ? [] : [t('Bring the answer closer to the reference wording or content.')],
        },
      };
    },
  };
}
