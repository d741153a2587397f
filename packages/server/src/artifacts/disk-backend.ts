/** Artifacts on the server's disk: one file per key under `root` (default `<TRACEHUB_DATA_DIR>/artifacts`). */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArtifactBackend, StoredObject } from './artifact-backend.js';

/** A key's file under root; a key that would leave root is a programming error (keys come from artifact-keys.ts). */
function fileOf(root: string, key: string): string {
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) throw new Error(`bad artifact key ${JSON.stringify(key)}`);
  return path.join(root, ...segments);
}

async function walk(dir: string, root: string, out: StoredObject[]): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, root, out);
    else if (entry.isFile() && !entry.name.endsWith('.partial')) {
      const stat = await fsp.stat(full);
      out.push({ key: path.relative(root, full).split(path.sep).join('/'), bytes: stat.size, modifiedAt: stat.mtime });
    }
  }
}

/** Creates the disk backend; `root` is created when missing. */
export function createDiskBackend(root: string): ArtifactBackend {
  fs.mkdirSync(root, { recursive: true });
  return {
    kind: 'disk',
    async putFile(key, sourceFile) {
      const target = fileOf(root, key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // Copy next to the target, then rename: a reader never sees half a file.
      const partial = `${target}.${randomBytes(4).toString('hex')}.partial`;
      await fsp.copyFile(sourceFile, partial);
      await fsp.rename(partial, target);
    },
    async get(key) {
      const file = fileOf(root, key);
      try {
        const stat = await fsp.stat(file);
        return stat.isFile() ? { body: fs.createReadStream(file), bytes: stat.size } : null;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
        throw error;
      }
    },
    async list(prefix) {
      // Walk the deepest whole directory of the prefix, then filter by the full prefix.
      const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const out: StoredObject[] = [];
      await walk(dir ? fileOf(root, dir) : root, root, out);
      return out.filter((o) => o.key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key));
    },
    async removePrefix(prefix) {
      const found = await this.list(prefix);
      for (const object of found) await fsp.rm(fileOf(root, object.key), { force: true });
      // A prefix ending in "/" is a directory: remove it with whatever is left (empty folders, partial copies).
      if (prefix.endsWith('/') && prefix.length > 1) await fsp.rm(fileOf(root, prefix.slice(0, -1)), { recursive: true, force: true });
      return found.length;
    },
  };
}
