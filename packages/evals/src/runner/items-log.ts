/**
 * items.jsonl: one finished item per line, appended as items finish so an interrupted run can be
 * resumed. Reading keeps the last line of each key and skips a torn last line.
 */
import fs from 'node:fs';
import type { ItemRecord } from '../experiment-types.js';

/** An open items.jsonl. */
export interface ItemsLog {
  append(record: ItemRecord): Promise<void>;
  close(): Promise<void>;
}

/** Opens `file` for appending (created when missing). Writes are queued on one descriptor. */
export function openItemsLog(file: string): ItemsLog {
  const stream = fs.createWriteStream(file, { flags: 'a' });
  return {
    append(record) {
      return new Promise((resolve, reject) => stream.write(`${JSON.stringify(record)}\n`, (error) => (error ? reject(error) : resolve())));
    },
    close() {
      return new Promise((resolve) => stream.end(resolve));
    },
  };
}

/** The records of `file` by key (the last line of a key wins); an absent file is empty. */
export function readItemsLog(file: string): Map<string, ItemRecord> {
  const records = new Map<string, ItemRecord>();
  if (!fs.existsSync(file)) return records;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as ItemRecord;
      if (record && typeof record.key === 'string') records.set(record.key, record);
    } catch {
      // a line torn by a kill: the item counts as unfinished
    }
  }
  return records;
}
