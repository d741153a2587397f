/** Runs the UserStore contract (users, sessions, memberships) on every backend (backends.ts). */
import { userStoreContract } from './user-store-contract.js';
import { forEachBackend } from './backends.js';

forEachBackend(userStoreContract);
