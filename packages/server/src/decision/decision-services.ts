/** Wires the decision engine's services over a store: policies, decide, cases, webhook destinations. */
import type { Store } from '../storage/store.js';
import type { PriceTable } from '@tracehub/core';
import { createIngestService } from '../ingest/ingest-service.js';
import { createCaseService } from './case-service.js';
import { loadDecisionConfig, type DecisionConfig } from './decision-config.js';
import { createDecisionService } from './decision-service.js';
import { createLlmJudge } from './llm-judge.js';
import { createPolicyService } from './policy-service.js';
import { createOutboundGuard } from './outbound-guard.js';
import { createWebhookDestinationService } from './webhook-destination-service.js';

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

/** Creates the policy, decision, case and webhook destination services. */
export function createDecisionServices(deps: DecisionServicesDeps) {
  const config = deps.config ?? loadDecisionConfig({});
  const guard = createOutboundGuard(config.outbound);
  const policies = createPolicyService(deps.store.decisions, deps.now, config);
  // Judge spans are small: they are written in this process, on the same connection and write lock as
  // the decisions (a SQLite ingest worker would add a thread hop and a second writer to wait for).
  const ingest = createIngestService({ store: deps.store.traces, prices: deps.prices, now: deps.now });
  const decisions = createDecisionService({
    traces: deps.store.traces, decisions: deps.store.decisions, ingest, policies, llm: createLlmJudge(guard),
    config, now: deps.now, onNotificationsQueued: deps.onNotificationsQueued,
  });
  return {
    policies, decisions, cases: createCaseService(deps.store.decisions, deps.store.traces, deps.now),
    webhooks: createWebhookDestinationService(deps.store.decisions, guard, deps.now),
  };
}
