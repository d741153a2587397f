/**
 * The local seed layout: `datasets/<name>/test_cases.json` (`[{id, description, inputs}]`) +
 * `datasets/<name>/expected.json` (`{case_id: {keywords, forbidden, reference}}`), and
 * `targets/<name>/prompt.txt` + `targets/<name>/.metadata.yaml` (type, template_format, config).
 * Versions are `local-<first 12 hex of the sha256>`; both hashes are the server's for the same content
 * (a dataset version's sha256, a prompt version's content_hash), so a local run can be matched to a version.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { datasetVersionText, localCaseItem, localItemContent, type ChatMessage, type DatasetItemContent } from '@tracehub/core';
import type { DatasetItem, DatasetSnapshot, PromptSnapshot } from '../experiment-types.js';
import { sha256Hex, sha256Json } from '../hashing.js';
import { checkExpectedIds } from '../runner/preflight.js';

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `invalid JSON (${(error as Error).message})`}.`);
  }
}

/** Whether `datasets/<name>/test_cases.json` exists under `dir`. */
export function hasLocalDataset(dir: string, name: string): boolean {
  return fs.existsSync(path.join(dir, name, 'test_cases.json'));
}

/** Whether `targets/<name>/prompt.txt` exists under `dir`. */
export function hasLocalPrompt(dir: string, name: string): boolean {
  return fs.existsSync(path.join(dir, name, 'prompt.txt'));
}

/** Reads a local dataset; problems name the file and the case. */
export function loadLocalDataset(dir: string, name: string): DatasetSnapshot {
  const casesFile = path.join(dir, name, 'test_cases.json');
  const expectedFile = path.join(dir, name, 'expected.json');
  const cases = readJsonFile(casesFile);
  if (!Array.isArray(cases)) throw new Error(`${casesFile}: expected a JSON list of test cases ([{"id", "description", "inputs"}]).`);
  const expected = fs.existsSync(expectedFile) ? readJsonFile(expectedFile) : {};
  if (!isRecord(expected)) throw new Error(`${expectedFile}: expected an object keyed by case id.`);
  const seen = new Set<string>();
  const contents: DatasetItemContent[] = [];
  const items: DatasetItem[] = cases.map((entry, index) => {
    if (!isRecord(entry)) throw new Error(`${casesFile}: case [${index}] must be an object with "id" and "inputs".`);
    const id = typeof entry.id === 'number' ? String(entry.id) : entry.id;
    if (typeof id !== 'string' || !id) throw new Error(`${casesFile}: case [${index}] has no "id".`);
    if (seen.has(id)) throw new Error(`${casesFile}: the id "${id}" is used twice.`);
    seen.add(id);
    if (!isRecord(entry.inputs)) throw new Error(`${casesFile}: case "${id}" needs "inputs": an object of the prompt's variables.`);
    const item = localCaseItem({ ...entry, id, inputs: entry.inputs }, expected[id]);
    contents.push(localItemContent(item));
    return { id, input: item.input, expected: item.expected_output, metadata: item.metadata };
  });
  checkExpectedIds(Object.keys(expected), seen, expectedFile);
  // The server's version hash of the same items, as `dataset upload` would store them.
  const sha256 = sha256Hex(datasetVersionText(contents));
  return { name, version: `local-${sha256.slice(0, 12)}`, sha256, source: 'local', items };
}

/** Reads a local prompt directory. */
export function loadLocalPrompt(dir: string, name: string): PromptSnapshot {
  const promptFile = path.join(dir, name, 'prompt.txt');
  const metadataFile = path.join(dir, name, '.metadata.yaml');
  if (!fs.existsSync(promptFile)) throw new Error(`${promptFile} does not exist; a prompt directory holds prompt.txt and .metadata.yaml.`);
  let meta: unknown = {};
  if (fs.existsSync(metadataFile)) {
    try {
      meta = YAML.parse(fs.readFileSync(metadataFile, 'utf8')) ?? {};
    } catch (error) {
      throw new Error(`${metadataFile}: invalid YAML (${(error as Error).message.split('\n')[0]}).`);
    }
  }
  if (!isRecord(meta)) throw new Error(`${metadataFile}: expected a mapping (type, template_format, config).`);
  const type = meta.type ?? 'text';
  const format = meta.template_format ?? 'fstring';
  if (type !== 'text' && type !== 'chat') throw new Error(`${metadataFile}: type must be text or chat.`);
  if (format !== 'fstring' && format !== 'mustache') throw new Error(`${metadataFile}: template_format must be fstring or mustache.`);
  const config = isRecord(meta.config) ? meta.config : {};
  const text = fs.readFileSync(promptFile, 'utf8');
  let prompt: string | ChatMessage[] = text;
  if (type === 'chat') {
    const parsed = (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    })();
    if (!Array.isArray(parsed) || !parsed.every((m) => isRecord(m) && typeof m.role === 'string' && typeof m.content === 'string')) {
      throw new Error(`${promptFile}: a chat prompt must hold a JSON list of {"role", "content"} messages.`);
    }
    prompt = parsed as ChatMessage[];
  }
  const contentHash = sha256Json({ type, prompt, config, template_format: format });
  return {
    name: typeof meta.name === 'string' ? meta.name : name,
    version: `local-${contentHash.slice(0, 12)}`,
    label: null,
    type,
    template_format: format,
    prompt,
    config,
    content_hash: contentHash,
    source: 'local',
  };
}
