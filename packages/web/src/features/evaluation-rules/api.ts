/**
 * Online evaluation rules (`/evaluation-rules`), the operator's model connections (`/model-connections`)
 * and judge calibration (`/evaluators/{name}/agreement`). The wire types come from core (types only:
 * nothing here brings zod into the bundle).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgreementKind, AgreementView, BackfillEstimateView, EvaluationRuleView, ModelConnectionView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

export type { AgreementView, EvaluationRuleView, ModelConnectionView } from '@tracehub/core';

/** The body of a new or changed rule as the form sends it (`POST` / `PATCH /evaluation-rules`). */
export interface EvaluationRuleInput {
  name: string;
  filter: Record<string, unknown>;
  sampling_rate: number;
  evaluators: Record<string, unknown>[];
  connection: string;
  model: string | null;
  daily_cost_cap: number | null;
  enabled: boolean;
}

const RULES = ['evaluation-rules'];

/** The project's rules. */
export function useEvaluationRules() {
  return useQuery({
    queryKey: RULES,
    queryFn: ({ signal }) => apiFetch<{ rules: EvaluationRuleView[] }>('/evaluation-rules', { signal }),
    refetchInterval: 30_000,
  });
}

/** The operator's model connections. */
export function useModelConnections() {
  return useQuery({
    queryKey: ['model-connections'],
    queryFn: ({ signal }) => apiFetch<{ connections: ModelConnectionView[] }>('/model-connections', { signal }),
  });
}

const ruleUrl = (id: string) => `/evaluation-rules/${encodeURIComponent(id)}`;

/** Refreshes the rule list after a change. */
function useRuleMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => void client.invalidateQueries({ queryKey: RULES }) });
}

/** Turns a rule on or off (admin). */
export function useSetRuleEnabled() {
  return useRuleMutation(({ id, enabled }: { id: string; enabled: boolean }) => apiFetch<EvaluationRuleView>(ruleUrl(id), { method: 'PATCH', body: { enabled } }));
}

/** Creates a rule (admin). */
export function useCreateRule() {
  return useRuleMutation((body: EvaluationRuleInput) => apiFetch<EvaluationRuleView>('/evaluation-rules', { method: 'POST', body }));
}

/** Changes a rule (admin); its version goes up. */
export function useUpdateRule() {
  return useRuleMutation(({ id, body }: { id: string; body: EvaluationRuleInput }) => apiFetch<EvaluationRuleView>(ruleUrl(id), { method: 'PATCH', body }));
}

/** Deletes a rule (admin); stored scores stay. */
export function useDeleteRule() {
  return useRuleMutation((id: string) => apiFetch<{ deleted: boolean }>(ruleUrl(id), { method: 'DELETE' }));
}

/** Estimates (`dry_run`) or runs a backfill over [from, to) (admin). */
export function useBackfill() {
  return useRuleMutation(({ id, from, to, dry_run }: { id: string; from: string; to: string; dry_run: boolean }) =>
    apiFetch<BackfillEstimateView>(`${ruleUrl(id)}/backfill`, { method: 'POST', body: { from, to, dry_run } }));
}

/** What the calibration view asks for. */
export interface AgreementParams {
  /** Judge scores of the last this many days (0: all time). */
  days: number;
  /** `experiment`, `online`, or '' for every judge source. */
  source: string;
  kind: AgreementKind | '';
}

/** Agreement of the judge scores named `name` with people's. */
export function useAgreement(name: string, params: AgreementParams) {
  const query = new URLSearchParams();
  if (params.days > 0) query.set('from', new Date(Date.now() - params.days * 86_400_000).toISOString());
  if (params.source) query.set('source', params.source);
  if (params.kind) query.set('kind', params.kind);
  return useQuery({
    queryKey: ['agreement', name, params],
    queryFn: ({ signal }) => apiFetch<AgreementView>(`/evaluators/${encodeURIComponent(name)}/agreement?${query.toString()}`, { signal }),
    placeholderData: keepPreviousData,
    // Reviewers add human scores all the time: a visit always asks again.
    staleTime: 0,
  });
}
