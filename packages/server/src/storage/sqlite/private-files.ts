/** Keeps the SQLite database readable only by the server's user: data directory 0700, files 0600. */
import fs from 'node:fs';
import path from 'node:path';

/** Mode of a data directory the server creates. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of the database file and its -wal and -shm companions. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Prepares `file` before SQLite opens it: creates its directory 0700 when missing (an existing
 * directory is left as the operator made it), creates the database file 0600 when missing (SQLite
 * gives the -wal and -shm files the database file's mode), and narrows existing files to 0600.
 */
export function preparePrivateDatabaseFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
  }
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  restrictDatabaseFiles(file);
}

/** Sets 0600 on the database file and its -wal and -shm files where they exist and are ours. */
export function restrictDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((fs.statSync(f).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(f, PRIVATE_FILE_MODE);
    } catch {
      // Missing, or owned by someone else (a read-only copy): nothing to narrow.
    }
  }
}
