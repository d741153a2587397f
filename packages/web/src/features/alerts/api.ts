/** Alert rules and alerts (firing, resolved, history). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertRuleView, AlertView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** A page of alerts. */
export interface AlertPage {
  items: AlertView[];
  page: number;
  page_size: number;
  total: number;
}

/** What the rule form sends. */
export type AlertRuleInput = Omit<AlertRuleView, 'rule_id' | 'state' | 'state_reason' | 'last_value' | 'last_evaluated_at' | 'created_at' | 'updated_at'>;

// Alerts change in the background: the lists refresh every 30 s.
const REFRESH_MS = 30_000;

/** The project's rules with their evaluation state. */
export function useAlertRules() {
  return useQuery({
    queryKey: ['alerts', 'rules'],
    queryFn: ({ signal }) => apiFetch<{ items: AlertRuleView[] }>('/alerts/rules', { signal }),
    refetchInterval: REFRESH_MS,
  });
}

/** Alerts newest first, optionally of one status. */
export function useAlerts(status: 'firing' | 'resolved' | undefined, page: number) {
  return useQuery({
    queryKey: ['alerts', 'list', status ?? '', page],
    queryFn: ({ signal }) => apiFetch<AlertPage>('/alerts', { query: { status, page, page_size: 20 }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

/** Create, change and delete rules. */
export function useAlertRuleMutations() {
  const client = useQueryClient();
  const onSuccess = () => void client.invalidateQueries({ queryKey: ['alerts'] });
  return {
    create: useMutation({ mutationFn: (body: AlertRuleInput) => apiFetch<AlertRuleView>('/alerts/rules', { method: 'POST', body }), onSuccess }),
    update: useMutation({
      mutationFn: ({ ruleId, body }: { ruleId: string; body: Partial<AlertRuleInput> }) =>
        apiFetch<AlertRuleView>(`/alerts/rules/${encodeURIComponent(ruleId)}`, { method: 'PATCH', body }),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (ruleId: string) => apiFetch<{ deleted: boolean }>(`/alerts/rules/${encodeURIComponent(ruleId)}`, { method: 'DELETE' }),
      onSuccess,
    }),
  };
}
