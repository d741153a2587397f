/** Online evaluation rules (`/evaluation-rules`) and the operator's model connections (`/model-connections`). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../shared/api/http-client';

/** One evaluator spec, as in experiments. */
export interface EvaluatorSpecView {
  type: string;
  name?: string;
  [option: string]: unknown;
}

/** A rule as `GET /evaluation-rules` answers it. */
export interface EvaluationRuleView {
  id: string;
  name: string;
  filter: Record<string, unknown>;
  sampling_rate: number;
  evaluators: EvaluatorSpecView[];
  connection: string;
  model: string | null;
  daily_cost_cap: number | null;
  enabled: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A configured model connection (never its key). */
export interface ModelConnectionView {
  name: string;
  base_url: string | null;
  model: string | null;
  /** The models the connection offers (the default model first). */
  models: string[];
  kind: string;
}

/** The project's rules. */
export function useEvaluationRules() {
  return useQuery({
    queryKey: ['evaluation-rules'],
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

/** Turns a rule on or off (admin). */
export function useSetRuleEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      apiFetch<EvaluationRuleView>(`/evaluation-rules/${encodeURIComponent(id)}`, { method: 'PATCH', body: { enabled } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['evaluation-rules'] }),
  });
}
