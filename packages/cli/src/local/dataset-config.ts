/**
 * `datasets/{name}/config.yaml`, read by `dataset collect`:
 *
 *   input_mapping:            # trace input key (or dotted path) → prompt placeholder
 *     question: user_query
 *     meta.company: company
 *   prompt: prep_generate     # optional: the targets/<prompt> whose placeholders to map onto (default: the dataset name)
 *
 * Other fields are ignored.
 */
import { CliError } from '../cli-error.js';
import { readYamlFile } from './yaml-file.js';

/** What collect reads from config.yaml. */
export interface DatasetConfig {
  inputMapping: Record<string, string>;
  prompt?: string;
}

/** Reads config.yaml (a missing file is an empty config). */
export function readDatasetConfig(file: string): DatasetConfig {
  const raw = readYamlFile(file);
  if (raw === undefined) return { inputMapping: {} };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${file}: expected a mapping with input_mapping.`);
  const record = raw as Record<string, unknown>;
  const mapping = record.input_mapping ?? {};
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new CliError(`${file}: input_mapping must map trace input keys to placeholder names, e.g. {question: user_query}.`);
  }
  for (const [key, value] of Object.entries(mapping)) {
    if (typeof value !== 'string' || value === '') throw new CliError(`${file}: input_mapping.${key} must be a placeholder name.`);
  }
  if (record.prompt !== undefined && typeof record.prompt !== 'string') throw new CliError(`${file}: prompt must be a prompt name.`);
  return { inputMapping: mapping as Record<string, string>, ...(typeof record.prompt === 'string' ? { prompt: record.prompt } : {}) };
}
