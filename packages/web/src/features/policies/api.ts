/** Policies of the decision engine: list, versions, activate. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PolicyVersionView, PolicyView } from '@tracehub/core';
import { apiFetch } from '../../shared/api/http-client';

/** Every policy with its active and in-force versions. */
export function usePolicies() {
  return useQuery({ queryKey: ['policies', 'list'], queryFn: () => apiFetch<{ items: PolicyView[] }>('/policies') });
}

/** One policy. */
export function usePolicy(policyId: string) {
  return useQuery({ queryKey: ['policies', 'detail', policyId], queryFn: () => apiFetch<PolicyView>(`/policies/${encodeURIComponent(policyId)}`) });
}

/** A policy's immutable versions. */
export function usePolicyVersions(policyId: string) {
  return useQuery({
    queryKey: ['policies', 'versions', policyId],
    queryFn: () => apiFetch<{ policy_id: string; name: string; items: PolicyVersionView[] }>(`/policies/${encodeURIComponent(policyId)}/versions`),
  });
}

/** Activates a version (admins). */
export function useActivatePolicy(policyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => apiFetch(`/policies/${encodeURIComponent(policyId)}/activate`, { method: 'POST', query: { version } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['policies'] }),
  });
}
