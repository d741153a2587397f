/**
 * Trace Hub span types → Langfuse observation types: the reverse of core's one mapping
 * (`langfuseSpanType`, packages/core/src/otlp/span-type.ts), derived from it. A span type with no
 * Langfuse counterpart (`graph`, `reranker`, …) reads as `SPAN`.
 */
import { langfuseSpanType } from '@tracehub/core';

/** The observation types Langfuse defines. */
export const LANGFUSE_OBSERVATION_TYPES = [
  'SPAN', 'GENERATION', 'EVENT', 'AGENT', 'TOOL', 'CHAIN', 'RETRIEVER', 'EVALUATOR', 'EMBEDDING', 'GUARDRAIL',
] as const;

const BY_SPAN_TYPE = new Map<string, string>(LANGFUSE_OBSERVATION_TYPES.map((type) => [langfuseSpanType(type), type]));

/** The Langfuse observation type of a Trace Hub span type (`llm` → `GENERATION`, `judge` → `EVALUATOR`, unknown → `SPAN`). */
export function observationTypeOf(spanType: string): string {
  return BY_SPAN_TYPE.get(spanType) ?? 'SPAN';
}

/**
 * The Trace Hub span types a Langfuse `type` filter selects, or null for a type Langfuse does not
 * define. `SPAN` selects spans of type `span` only (not the other types that read as SPAN).
 */
export function spanTypesOf(observationType: string): string[] | null {
  const type = observationType.trim().toUpperCase();
  return (LANGFUSE_OBSERVATION_TYPES as readonly string[]).includes(type) ? [langfuseSpanType(type)] : null;
}
