/** Readiness: whether the database answers and its migrations are applied (`GET /ready`). */
import type { Store } from '../storage/store.js';

/** The readiness answer: which database, and why it is not ready when it is not. */
export type Readiness = { ready: true; database: string } | { ready: false; database: string; reason?: string };

/** Creates the readiness check over the store. */
export function createReadinessService(store: Pick<Store, 'readiness' | 'backend'>) {
  return {
    /** Checks the database now. */
    async check(): Promise<Readiness> {
      const state = await store.readiness();
      return state.ok ? { ready: true, database: store.backend } : { ready: false, database: store.backend, reason: state.reason };
    },
  };
}

/** The readiness service. */
export type ReadinessService = ReturnType<typeof createReadinessService>;
