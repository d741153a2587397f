/** Fresh stores for tests: the backend list (backends.ts) and scratch databases (test-databases.ts). */
export { BACKENDS, createTestStore, forEachBackend, type Backend, type TestStoreOptions } from './backends.js';
export { createTestDatabase, tempDir } from './test-databases.js';
