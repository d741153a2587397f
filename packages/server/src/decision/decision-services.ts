/** Wires the decision engine's services over a store: policies, decide, cases. */
import type { Store } from '../storage/store.js';
import type { PriceTable } from '@tracehub/core';
import { createIngestService } from '../ingest/ingest-service.js';
import { createCaseService } from './case-service.js';
import { loadDecisionConfig, type DecisionConfig } from './decision-config.js';
import { createDecisionService } from './decision-service.js';
import { createLlmJudge } from './llm-judge.js';
import { createPolicyService } from './policy-service.js';

/** What the decision engine needs from the app. */
export interface DecisionServicesDeps {
  store: Store;
  /** Prices for the cost of LLM judge spans. */
  prices: PriceTable;
  /** Default: an empty environment (heuristic judge only, no webhooks). */
  config?: DecisionConfig;
  /** Clock in microseconds. */
  now: () => number;
  /** Called when a decision queued webhook notifications. */
  onNotificationsQueued?: () => void;
}

/** Creates the policy, decision and case services. */
export function createDecisionServices(deps: DecisionServicesDeps) {
  const policies = createPolicyService(deps.store.decisions, deps.now);
  // Judge spans are small: they are written in this process, on the same connection and write lock as
  // the decisions (a SQLite ingest worker would add a thread hop and a second writer to wait for).
  const ingest = createIngestService({ store: deps.store.traces, prices: deps.prices, now: deps.now });
  const decisions = createDecisionService({
    traces: deps.store.traces, decisions: deps.store.decisions, ingest, policies, llm: createLlmJudge(),
    config: deps.config ?? loadDecisionConfig({}), now: deps.now, onNotificationsQueued: deps.onNotificationsQueued,
  });
  return { policies, decisions, cases: createCaseService(deps.store.decisions, deps.now) };
}
