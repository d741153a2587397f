/**
 * The local prompt layout: `targets/{name}/prompt.txt` (the template, byte for byte; a chat prompt
 * holds a JSON list of {role, content}) and `targets/{name}/.metadata.yaml`:
 *
 *   name: prep_generate          # optional; default the directory name
 *   type: text                   # text (default) | chat
 *   template_format: fstring     # fstring (default, Python str.format {var}) | mustache ({{var}})
 *   config: {model: gpt-4.1-mini, temperature: 0.3}   # model parameters, any mapping
 *   labels: [staging]            # labels to put on the version this push creates
 *   commit_message: "…"          # stored with the version this push creates
 *   version: 3                   # written by `prompt pull`; ignored by push
 *
 * Other fields are ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROMPT_LABEL_PATTERN, RESOURCE_NAME_PATTERN, type PromptVersionView } from '@tracehub/core';
import YAML from 'yaml';
import { CliError } from '../cli-error.js';
import { readYamlFile } from './yaml-file.js';

/** A prompt as read from its directory, ready for `POST /prompts`. */
export interface LocalPrompt {
  dir: string;
  name: string;
  type: 'text' | 'chat';
  template_format: 'fstring' | 'mustache';
  prompt: string | Array<{ role: string; content: string }>;
  config: Record<string, unknown>;
  labels: string[];
  commit_message?: string;
}

/** File names of a prompt directory. */
export const PROMPT_FILE = 'prompt.txt';
const METADATA_FILE = '.metadata.yaml';

/** What is wrong with a list of labels, or null when every one is usable. */
export function labelProblem(labels: unknown[]): string | null {
  for (const label of labels) {
    if (typeof label !== 'string' || !PROMPT_LABEL_PATTERN.test(label)) return `has ${JSON.stringify(label)}: use lowercase letters, digits, "_", "-", "."`;
    if (label === 'latest') return 'must not include "latest" (it always follows the newest version)';
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function chatMessages(file: string, text: string): Array<{ role: string; content: string }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${file}: a chat prompt must hold a JSON list of {"role", "content"} messages.`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new CliError(`${file}: a chat prompt must hold a non-empty JSON list of messages.`);
  return value.map((m, i) => {
    if (!isRecord(m) || typeof m.role !== 'string' || typeof m.content !== 'string') {
      throw new CliError(`${file}: message [${i}] needs a string "role" and a string "content".`);
    }
    return { role: m.role, content: m.content };
  });
}

/** Reads `targets/{name}/`; every problem is a CliError naming the file and field. */
export function readPromptDir(dir: string): LocalPrompt {
  const promptFile = path.join(dir, PROMPT_FILE);
  const metadataFile = path.join(dir, METADATA_FILE);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`${dir} is not a directory; give targets/<name>.`);
  if (!fs.existsSync(promptFile)) throw new CliError(`${promptFile} does not exist; a prompt directory holds prompt.txt and .metadata.yaml.`);
  const meta = readYamlFile(metadataFile) ?? {};
  if (!isRecord(meta)) throw new CliError(`${metadataFile}: expected a mapping of fields (type, template_format, config, labels, commit_message).`);
  const field = (name: string, problem: string) => new CliError(`${metadataFile}: ${name} ${problem}.`);

  const name = meta.name === undefined ? path.basename(path.resolve(dir)) : meta.name;
  if (typeof name !== 'string' || !RESOURCE_NAME_PATTERN.test(name)) {
    throw field('name', `must be 1–128 letters, digits, "_", "-" or "." (got ${JSON.stringify(name)}); rename the directory or set name`);
  }
  const type = meta.type ?? 'text';
  if (type !== 'text' && type !== 'chat') throw field('type', `must be text or chat, got ${JSON.stringify(type)}`);
  const format = meta.template_format ?? 'fstring';
  if (format !== 'fstring' && format !== 'mustache') throw field('template_format', `must be fstring or mustache, got ${JSON.stringify(format)}`);
  const config = meta.config ?? {};
  if (!isRecord(config)) throw field('config', 'must be a mapping of model parameters (e.g. model, temperature)');
  const labels = meta.labels ?? [];
  if (!Array.isArray(labels)) throw field('labels', 'must be a list, e.g. [staging]');
  const problem = labelProblem(labels);
  if (problem) throw field('labels', problem);
  if (meta.commit_message !== undefined && meta.commit_message !== null && typeof meta.commit_message !== 'string') {
    throw field('commit_message', 'must be text');
  }
  const text = fs.readFileSync(promptFile, 'utf8');
  return {
    dir,
    name,
    type,
    template_format: format,
    prompt: type === 'chat' ? chatMessages(promptFile, text) : text,
    config,
    labels: labels as string[],
    ...(typeof meta.commit_message === 'string' ? { commit_message: meta.commit_message } : {}),
  };
}

/** The prompt directories under `root` (those holding prompt.txt), sorted by name. */
export function listPromptDirs(root: string): string[] {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new CliError(`${root} is not a directory.`);
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, PROMPT_FILE)))
    .map((entry) => path.join(root, entry.name))
    .sort();
}

/** A version as the server shows it (the fields pull writes). */
export type PulledPrompt = Pick<PromptVersionView, 'name' | 'version' | 'type' | 'template_format' | 'prompt' | 'config' | 'labels'>;

/** Writes prompt.txt (the text byte for byte) and .metadata.yaml into `dir`. */
export function writePromptDir(dir: string, pulled: PulledPrompt): { promptFile: string; metadataFile: string } {
  fs.mkdirSync(dir, { recursive: true });
  const promptFile = path.join(dir, PROMPT_FILE);
  const metadataFile = path.join(dir, METADATA_FILE);
  fs.writeFileSync(promptFile, typeof pulled.prompt === 'string' ? pulled.prompt : `${JSON.stringify(pulled.prompt, null, 2)}\n`);
  const doc = new YAML.Document({
    name: pulled.name,
    version: pulled.version,
    type: pulled.type,
    template_format: pulled.template_format,
    config: pulled.config,
  });
  doc.commentBefore =
    ` Pulled from Trace Hub: ${pulled.name} version ${pulled.version} (labels: ${pulled.labels.join(', ') || 'none'}).\n` +
    ' `version` is ignored by push; add `labels:` and `commit_message:` to set them on the next pushed version.';
  fs.writeFileSync(metadataFile, doc.toString());
  return { promptFile, metadataFile };
}
