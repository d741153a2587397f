/**
 * Policies: publishing immutable versions, activation, and which version is in force at a time —
 * the most recent activation whose version's `effective_from` has passed (so a version activated
 * ahead of its effective time takes over only then, and the previous one stays in force until).
 */
import { randomUUID } from 'node:crypto';
import { compilePolicy, policyDefinitionSchema, type CompiledPolicy, type PolicyBody } from '@tracehub/core';
import type { DecisionStore, PolicyActivationRow, PolicyRow } from '../storage/decision-store.js';
import { ConflictError, NotFoundError } from '../domain-errors.js';
import { policyVersionView, policyView } from './decision-views.js';
import type { DecisionConfig } from './decision-config.js';
import { assertPolicyTargets } from './policy-targets.js';

/** A policy version in force, compiled. */
export interface PolicyInForce {
  policy_id: string;
  name: string;
  version: number;
  compiled: CompiledPolicy;
}

/** The version of each policy in force at `at`, from the activation log (newest first). */
export function versionsInForce(activations: PolicyActivationRow[], at: number): Map<string, PolicyActivationRow> {
  const inForce = new Map<string, PolicyActivationRow>();
  for (const a of activations) {
    if (inForce.has(a.policy_id) || a.activated_at > at || a.effective_from > at) continue;
    inForce.set(a.policy_id, a);
  }
  return inForce;
}

const COMPILED_CACHE_LIMIT = 1000;
/**
 * How long a project's activation log is reused without reading it again. Publishing or activating
 * through this process refreshes it at once; another server's change is seen within this time.
 */
export const ACTIVATION_CACHE_MS = 1000;

/**
 * Creates the policy service. `now` is the clock in microseconds; `targets` (the judge connections)
 * decides which judges a published policy may name (default: none configured).
 */
export function createPolicyService(
  store: DecisionStore,
  now: () => number,
  targets: Pick<DecisionConfig, 'connections' | 'judge'> = { connections: {} },
) {
  // Versions are immutable, so their compiled form can be kept for as long as we like.
  const compiled = new Map<string, CompiledPolicy>();
  const activationCache = new Map<string, { at: number; rows: PolicyActivationRow[] }>();

  /** The project's activation log, newest first (from the short-lived cache when fresh). */
  async function activations(projectId: string): Promise<PolicyActivationRow[]> {
    const hit = activationCache.get(projectId);
    if (hit && performance.now() - hit.at < ACTIVATION_CACHE_MS) return hit.rows;
    const rows = await store.listActivations(projectId);
    if (activationCache.size > 10_000) activationCache.clear();
    activationCache.set(projectId, { at: performance.now(), rows });
    return rows;
  }

  async function policyOrThrow(projectId: string, idOrName: string): Promise<PolicyRow> {
    const policy = await store.findPolicy(projectId, idOrName);
    if (!policy) throw new NotFoundError(`Policy "${idOrName}" was not found in this project.`);
    return policy;
  }

  async function effectiveVersion(projectId: string, policyId: string): Promise<number | null> {
    return versionsInForce(await store.listActivations(projectId, policyId), now()).get(policyId)?.version ?? null;
  }

  return {
    /** `POST /policies`: a new policy (version 1) or the next version of an existing name. */
    async create(projectId: string, body: PolicyBody) {
      await assertPolicyTargets(body.definition, projectId, targets, store);
      const at = now();
      const { policy, version, created } = await store.addPolicyVersion({
        project_id: projectId, policy_id: randomUUID(), name: body.name, description: body.description ?? null,
        definition: JSON.stringify(body.definition), effective_from: body.effective_from ?? at, activate: body.active, at,
      });
      activationCache.delete(projectId);
      const effective = await effectiveVersion(projectId, policy.policy_id);
      return { created, policy: policyView(policy, effective), version: policyVersionView(policy, version, effective, true) };
    },

    async list(projectId: string) {
      const [policies, activations] = await Promise.all([store.listPolicies(projectId), store.listActivations(projectId)]);
      const inForce = versionsInForce(activations, now());
      return { items: policies.map((p) => policyView(p, inForce.get(p.policy_id)?.version ?? null)) };
    },

    async get(projectId: string, idOrName: string) {
      const policy = await policyOrThrow(projectId, idOrName);
      return policyView(policy, await effectiveVersion(projectId, policy.policy_id));
    },

    /** Every version; URLs in definitions keep their credentials only when `reveal` (project admins). */
    async versions(projectId: string, idOrName: string, reveal = false) {
      const policy = await policyOrThrow(projectId, idOrName);
      const [versions, effective] = await Promise.all([
        store.listPolicyVersions(projectId, policy.policy_id),
        effectiveVersion(projectId, policy.policy_id),
      ]);
      return { policy_id: policy.policy_id, name: policy.name, items: versions.map((v) => policyVersionView(policy, v, effective, reveal)) };
    },

    /** `POST /policies/{id}/activate?version=N`. */
    async activate(projectId: string, idOrName: string, version: number) {
      const policy = await policyOrThrow(projectId, idOrName);
      const activated = await store.activatePolicyVersion(projectId, policy.policy_id, version, now());
      activationCache.delete(projectId);
      if (!activated) {
        throw new NotFoundError(`Policy "${policy.name}" has no version ${version}; its latest version is ${policy.latest_version}.`);
      }
      return policyView(activated, await effectiveVersion(projectId, policy.policy_id));
    },

    /**
     * The compiled policy versions in force at `at`, ordered by name: every policy of the project,
     * or only `idOrName` (404 when unknown, 409 when none of its versions is in force).
     */
    async inForce(projectId: string, at: number, idOrName?: string): Promise<PolicyInForce[]> {
      let only: PolicyRow | undefined;
      if (idOrName) only = await policyOrThrow(projectId, idOrName);
      const log = await activations(projectId);
      const active = [...versionsInForce(only ? log.filter((a) => a.policy_id === only.policy_id) : log, at).values()]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (only && active.length === 0) {
        throw new ConflictError(`Policy "${only.name}" has no version in force; activate one (or wait for its effective_from).`, {
          code: 'no_version_in_force',
        });
      }
      const key = (policyId: string, version: number) => `${projectId}\u0000${policyId}\u0000${version}`;
      const missing = active.filter((a) => !compiled.has(key(a.policy_id, a.version)));
      if (missing.length) {
        if (compiled.size + missing.length > COMPILED_CACHE_LIMIT) compiled.clear();
        for (const v of await store.getPolicyVersions(projectId, missing.map((a) => ({ policy_id: a.policy_id, version: a.version })))) {
          compiled.set(key(v.policy_id, v.version), compilePolicy(policyDefinitionSchema.parse(JSON.parse(v.definition))));
        }
      }
      return active.map((a) => ({
        policy_id: a.policy_id, name: a.name, version: a.version, compiled: compiled.get(key(a.policy_id, a.version)) as CompiledPolicy,
      }));
    },
  };
}

/** The policy service. */
export type PolicyService = ReturnType<typeof createPolicyService>;
