/** How an evaluator is configured (CLI, tracehub.eval.yaml, run_config.json). */

/** One evaluator: its type, an optional name (default the type), weight, threshold and type options. */
export interface EvaluatorSpec {
  type: string;
  name?: string;
  /** Weight in the item's overall score (default 1). */
  weight?: number;
  /** Pass threshold on the evaluator's 0–1 score (default per type). */
  threshold?: number;
  [option: string]: unknown;
}

/** Common settings every evaluator factory reads. */
export interface EvaluatorBase {
  name: string;
  weight: number;
  threshold: number;
}

/** Name, weight and threshold of a spec, with the type's default threshold. */
export function evaluatorBase(spec: EvaluatorSpec, defaultThreshold: number): EvaluatorBase {
  const weight = spec.weight ?? 1;
  const threshold = spec.threshold ?? defaultThreshold;
  if (!Number.isFinite(weight) || weight < 0) throw new Error(`evaluator ${spec.name ?? spec.type}: weight must be a number of 0 or more.`);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new Error(`evaluator ${spec.name ?? spec.type}: threshold must be between 0 and 1.`);
  return { name: spec.name ?? spec.type, weight, threshold };
}

/** A string option, or the default. */
export function stringOption(spec: EvaluatorSpec, key: string): string | undefined {
  const value = spec[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`evaluator ${spec.name ?? spec.type}: ${key} must be text.`);
  return value;
}

/** A number option, or the default. */
export function numberOption(spec: EvaluatorSpec, key: string, fallback: number): number {
  const value = spec[key];
  if (value === undefined || value === null) return fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`evaluator ${spec.name ?? spec.type}: ${key} must be a number.`);
  return number;
}

/** A list-of-strings option (a single string counts as a list of one). */
export function stringListOption(spec: EvaluatorSpec, key: string): string[] {
  const value = spec[key];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new Error(`evaluator ${spec.name ?? spec.type}: ${key} must be text or a list of texts.`);
}
