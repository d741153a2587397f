/**
 * Dataset export formats: `jsonl` (one item per line, every field), `csv` (id, one column per input
 * key, expected_output, metadata; non-text values as JSON), `chat-jsonl` (fine-tuning format:
 * `{"messages": [...user..., {"role": "assistant", ...}]}`).
 */
import type { DatasetItemView } from '@tracehub/core';
import { stringify } from 'csv-stringify/sync';

/** A dataset item as the server answers it (the version it got its content in is not exported). */
export type ExportItem = Omit<DatasetItemView, 'version'>;

/** One item per line with every field. */
export function toJsonl(items: ExportItem[]): string {
  return items
    .map((i) => JSON.stringify({ id: i.id, input: i.input, expected_output: i.expected_output, metadata: i.metadata, source_trace_id: i.source_trace_id, source_span_id: i.source_span_id, status: i.status }))
    .map((line) => `${line}\n`)
    .join('');
}

const cell = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** CSV with a header; input object keys become columns (prefixed `input.` when they clash); `bom` puts a UTF-8 BOM first (Korean Excel needs it). */
export function toCsv(items: ExportItem[], bom = false): string {
  const reserved = new Set(['id', 'expected_output', 'metadata']);
  const objects = items.every((i) => i.input !== null && typeof i.input === 'object' && !Array.isArray(i.input));
  const keys: string[] = [];
  if (objects) for (const i of items) for (const k of Object.keys(i.input as object)) if (!keys.includes(k)) keys.push(k);
  const inputColumns = objects ? keys.map((k) => (reserved.has(k) ? `input.${k}` : k)) : ['input'];
  const rows = items.map((i) => [
    i.id,
    ...(objects ? keys.map((k) => cell((i.input as Record<string, unknown>)[k])) : [cell(i.input)]),
    cell(i.expected_output),
    Object.keys(i.metadata).length ? JSON.stringify(i.metadata) : '',
  ]);
  return stringify([['id', ...inputColumns, 'expected_output', 'metadata'], ...rows], { bom });
}

/**
 * The assistant answer an expected output holds: text, or `output`/`answer`/`response` text, or the
 * `exact` text of a per-key reference. A `reference` text is what the reference evaluator checks the
 * output for (contained), and keywords/forbidden are checks too: none of them is an answer.
 */
function assistantText(expected: unknown): string | null {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);
  if (typeof expected === 'string') return text(expected);
  if (!expected || typeof expected !== 'object' || Array.isArray(expected)) return null;
  const record = expected as Record<string, unknown>;
  for (const key of ['output', 'answer', 'response']) if (text(record[key])) return record[key] as string;
  const reference = record.reference;
  if (reference && typeof reference === 'object' && !Array.isArray(reference)) return text((reference as Record<string, unknown>).exact);
  return null;
}

/** The user message of an input without a prompt: text, a lone value, or JSON. */
export function userText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const values = Object.values(input);
    if (values.length === 1 && typeof values[0] === 'string') return values[0];
  }
  return JSON.stringify(input);
}

/** Chat messages for one item (the prompt part), or null to skip it. */
export type ChatRenderer = (item: ExportItem) => Array<{ role: string; content: string }>;

/** Fine-tuning JSONL; items without an assistant answer are skipped and counted. */
export function toChatJsonl(items: ExportItem[], render: ChatRenderer): { text: string; written: number; skipped: string[] } {
  const lines: string[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    const answer = assistantText(item.expected_output);
    if (answer === null) {
      skipped.push(item.id);
      continue;
    }
    lines.push(`${JSON.stringify({ messages: [...render(item), { role: 'assistant', content: answer }] })}\n`);
  }
  return { text: lines.join(''), written: lines.length, skipped };
}
