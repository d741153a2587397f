/**
 * Publish-time checks of what a policy may reach: its judge must name a connection the operator
 * configured (no endpoint URLs, no environment variable names), and its webhooks must name
 * destinations of the project (no URLs: those have no secret of their own).
 */
import { summarizeIssues, type FieldIssue, type PolicyDefinition } from '@tracehub/core';
import type { DecisionStore } from '../storage/decision-store.js';
import { InvalidError } from '../domain-errors.js';
import { findConnection, type DecisionConfig } from './decision-config.js';

/** The connection a policy judge uses when it names none: the server-wide judge. */
export const DEFAULT_CONNECTION = 'default';

const looksLikeUrl = (text: string) => /^[a-z][a-z0-9+.-]*:/i.test(text);

function configuredNames(config: Pick<DecisionConfig, 'connections' | 'judge'>): string {
  const names = new Set(Object.keys(config.connections));
  if (config.judge) names.add(DEFAULT_CONNECTION);
  return names.size ? [...names].sort().join(', ') : 'none';
}

/** Problems with the judge and webhooks of `definition` (empty when it may be published). */
export async function policyTargetIssues(
  definition: PolicyDefinition,
  projectId: string,
  config: Pick<DecisionConfig, 'connections' | 'judge'>,
  store: Pick<DecisionStore, 'listWebhookDestinations'>,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const judge = definition.judge;
  if (judge) {
    if (judge.base_url !== undefined) {
      issues.push({
        path: 'definition.judge.base_url',
        message: 'is not accepted: judge endpoints are connections the operator configures (TRACEHUB_CONNECTIONS_FILE or TRACEHUB_CONNECTION_<NAME>_BASE_URL); name one in judge.connection',
      });
    }
    if (judge.api_key_env !== undefined) {
      issues.push({
        path: 'definition.judge.api_key_env',
        message: 'is not accepted: a policy cannot read server environment variables; the API key belongs to the connection the operator configures',
      });
    }
    const name = judge.connection ?? DEFAULT_CONNECTION;
    const connection = findConnection(config, name);
    if (!connection) {
      issues.push({
        path: 'definition.judge.connection',
        message: `names the judge connection "${name}", which the operator has not configured (configured: ${configuredNames(config)})`,
      });
    } else if (!judge.model && !connection.model) {
      issues.push({ path: 'definition.judge.model', message: `is required: the connection "${name}" has no default model` });
    }
  }
  if (definition.webhooks?.length) {
    const known = new Set((await store.listWebhookDestinations(projectId)).map((d) => d.name));
    definition.webhooks.forEach((entry, i) => {
      const path = `definition.webhooks[${i}]`;
      if (looksLikeUrl(entry)) {
        issues.push({
          path,
          message: 'is a URL, which is no longer accepted: create a destination with POST /api/v1/webhooks (it gets its own signing secret) and list its name here',
        });
      } else if (!known.has(entry)) {
        issues.push({ path, message: `names the webhook destination "${entry}", which does not exist in this project; create it with POST /api/v1/webhooks` });
      }
    });
  }
  return issues;
}

/** Throws an InvalidError naming each problem when `definition` reaches what it may not. */
export async function assertPolicyTargets(
  definition: PolicyDefinition,
  projectId: string,
  config: Pick<DecisionConfig, 'connections' | 'judge'>,
  store: Pick<DecisionStore, 'listWebhookDestinations'>,
): Promise<void> {
  const issues = await policyTargetIssues(definition, projectId, config, store);
  if (issues.length) throw new InvalidError(summarizeIssues(issues), { issues });
}
