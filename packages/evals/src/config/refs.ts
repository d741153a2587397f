/** Parsing `name[@label|:version]` prompt references and `name[:version]` dataset references. */
import { PROMPT_LABEL_PATTERN, RESOURCE_NAME_PATTERN } from '@tracehub/core';
import type { DatasetRef, PromptRef } from '../runner/run-spec.js';

/** `prep_generate`, `prep_generate@staging`, `prep_generate:3`. */
export function parsePromptRef(text: string, source: PromptRef['source'] = 'auto', dir: string | null = null): PromptRef {
  const match = /^([^@:]+)(?:@([^@:]+)|:(\d+))?$/.exec(text.trim());
  if (!match || !RESOURCE_NAME_PATTERN.test(match[1])) throw new Error(`"${text}" is not a prompt reference; use name, name@label or name:version.`);
  if (match[2] !== undefined && !PROMPT_LABEL_PATTERN.test(match[2])) throw new Error(`"${match[2]}" is not a label; labels are lowercase letters, digits, "_", "-", ".".`);
  const version = match[3] !== undefined ? Number(match[3]) : null;
  if (version !== null && version < 1) throw new Error(`The prompt version must be 1 or more, got ${match[3]}.`);
  return { name: match[1], label: match[2] ?? null, version, source, dir };
}

/** `prep_generate` or `prep_generate:2`. */
export function parseDatasetRef(text: string, source: DatasetRef['source'] = 'auto', dir: string | null = null): DatasetRef {
  const match = /^([^:]+)(?::(\d+))?$/.exec(text.trim());
  if (!match || !RESOURCE_NAME_PATTERN.test(match[1])) throw new Error(`"${text}" is not a dataset reference; use name or name:version.`);
  return { name: match[1], version: match[2] !== undefined ? Number(match[2]) : null, source, dir };
}

/** Parses `key=value` model parameter overrides (numbers and booleans are converted; JSON is accepted). */
export function parseParameters(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`"${pair}" is not key=value.`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // plain text
    }
    out[pair.slice(0, at)] = value;
  }
  return out;
}

/** Parses `0.8` (overall score) or `score=0.8,keywords=0.9` into metric thresholds. */
export function parseThresholds(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [metric, value] = part.includes('=') ? part.split('=') : ['score', part];
    const number = Number(value);
    if (!Number.isFinite(number)) throw new Error(`The threshold "${part}" is not a number (use 0.8 or metric=0.8).`);
    out[metric.trim()] = number;
  }
  return out;
}
