/** Store.storageBytes on every backend: the database's size in bytes, growing as data is written (for `/metrics`). */
import { describe, expect, it } from 'vitest';
import { forEachBackend } from './testing/backends.js';

forEachBackend((name, open) => {
  describe(`storageBytes on ${name}`, () => {
    it('answers the size of a migrated database in bytes', async () => {
      const store = await open();
      try {
        await store.migrate();
        const bytes = await store.storageBytes?.();
        expect(bytes).toEqual(expect.any(Number));
        expect(bytes).toBeGreaterThan(4096);
      } finally {
        await store.close();
      }
    });
  });
});
