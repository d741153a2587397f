/**
 * The playground's calls: `POST /playground/runs` streamed as NDJSON (docs/playground.md), saving a
 * prompt version (`POST /prompts`) or a dataset item (`POST /datasets/{name}/items`), and a trace
 * to fill variables from.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChatMessage, CreatePromptResult, PlaygroundEvent, TraceDetail } from '@tracehub/core';
import { apiFetch, apiStream } from '../../shared/api/http-client';

/** Sampling parameters of one target. */
export interface TargetParameters {
  temperature?: number;
  max_tokens?: number;
}

/** One model to run against. */
export interface PlaygroundTarget {
  connection: string;
  model?: string;
  parameters: TargetParameters;
}

/** Body of a run. */
export interface PlaygroundRunBody {
  prompt_ref?: { name: string; version: number };
  prompt?: string | ChatMessage[];
  template_format?: 'fstring' | 'mustache';
  variables: Record<string, unknown>;
  targets: PlaygroundTarget[];
}

/** Runs the prompt; `onEvent` sees every line as it arrives. */
export function runPlayground(body: PlaygroundRunBody, onEvent: (event: PlaygroundEvent) => void, signal?: AbortSignal): Promise<void> {
  return apiStream<PlaygroundEvent>('/playground/runs', { method: 'POST', body, signal }, onEvent);
}

/** A trace by id (to fill variables from its input). */
export function loadTrace(traceId: string): Promise<TraceDetail> {
  return apiFetch<TraceDetail>(`/traces/${encodeURIComponent(traceId)}`);
}

/** Saves the edited prompt as a new version with a commit message. */
export function useSavePromptVersion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; type: 'text' | 'chat'; prompt: string | ChatMessage[]; template_format: string; config: Record<string, unknown>; commit_message: string }) =>
      apiFetch<CreatePromptResult>('/prompts', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['prompts'] }),
  });
}

/** Saves the case (variables, and an output as the expected one) as a dataset item. */
export function useSaveDatasetItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ dataset, item }: { dataset: string; item: { input: unknown; expected_output: unknown; metadata: Record<string, unknown>; source_trace_id?: string } }) =>
      apiFetch<{ version: number; created: boolean }>(`/datasets/${encodeURIComponent(dataset)}/items`, { method: 'POST', body: { items: [item], message: 'playground' } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['datasets'] }),
  });
}
