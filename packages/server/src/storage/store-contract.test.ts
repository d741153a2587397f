/** Runs the storage contract on every backend (testing/backends.ts): embedded SQLite and a real PostgreSQL server. */
import { storeContract } from './testing/store-contract.js';
import { forEachBackend } from './testing/backends.js';

forEachBackend(storeContract);
