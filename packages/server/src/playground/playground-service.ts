/**
 * The playground: renders a stored prompt version (or edited text/messages) with variables and runs
 * it against one to four model connections side by side, streaming each target's answer. Every run
 * becomes one trace in the project (environment `playground`) with one `llm` span per target:
 * input, output, tokens, latency and cost (from the price file). Model calls go through the shared
 * model connections (outbound-guarded fetch, keys never leave the server). docs/playground.md.
 */
import { randomUUID } from 'node:crypto';
import type { ChatMessage, PlaygroundEvent, PriceTable, PromptContent } from '@tracehub/core';
import type { ChatResponse } from '@tracehub/evals';
import { InvalidError } from '../domain-errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { ModelConnections, ResolvedConnection } from '../model-connections/model-connections.js';
import { promptContent } from '../prompts/prompt-views.js';
import { renderOrThrow, type PromptService } from '../prompts/prompt-service.js';
import type { PlaygroundRunBody } from './playground-schema.js';

/** The environment of playground traces. */
export const PLAYGROUND_ENVIRONMENT = 'playground';
/** Longest error message passed on from a model server. */
const MAX_ERROR_CHARS = 500;

/** What the service needs. */
export interface PlaygroundServiceDeps {
  prompts: Pick<PromptService, 'resolve'>;
  connections: ModelConnections;
  ingest: Pick<IngestService, 'ingestTraces'>;
  prices: PriceTable;
  /** Clock in microseconds. */
  now: () => number;
}

/** A text prompt is one user message. */
const asMessages = (prompt: PromptContent): ChatMessage[] => (typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt);

/** Creates the service. */
export function createPlaygroundService(deps: PlaygroundServiceDeps) {
  /** The rendered messages and where they came from. */
  async function render(projectId: string, body: PlaygroundRunBody) {
    if (body.prompt_ref) {
      const { name, version, label } = body.prompt_ref;
      const row = await deps.prompts.resolve(projectId, name, version !== undefined ? { version } : { label });
      return { messages: asMessages(renderOrThrow(promptContent(row), row.template_format, body.variables)), source: { name, version: row.version } };
    }
    return { messages: asMessages(renderOrThrow(body.prompt as PromptContent, body.template_format, body.variables)), source: null };
  }

  return {
    /**
     * Checks the run (prompt, variables, connections) before anything is streamed, so bad input is
     * a 4xx; answers the run to `execute`.
     */
    async prepare(projectId: string, body: PlaygroundRunBody) {
      const { messages, source } = await render(projectId, body);
      const targets = body.targets.map((t, index) => {
        let resolved: ResolvedConnection;
        try {
          resolved = deps.connections.resolve(t.connection, t.model ?? null);
        } catch (error) {
          throw new InvalidError(`targets.${index}: ${(error as Error).message}`, { issues: [{ path: `targets.${index}.connection`, message: (error as Error).message }] });
        }
        return { index, connection: t.connection, parameters: t.parameters, ...resolved };
      });
      const runId = randomUUID();
      const traceId = runId.replace(/-/g, '');

      /** Runs every target at once, `emit`ting each event; resolves when the trace is written. */
      async function execute(emit: (event: PlaygroundEvent) => void, signal?: AbortSignal): Promise<void> {
        const started = deps.now();
        emit({ type: 'run', run_id: runId, trace_id: traceId, messages, targets: targets.map((t) => ({ index: t.index, connection: t.connection, model: t.model })) });
        const results = await Promise.all(targets.map(async (t) => {
          const at = deps.now();
          const request = { model: t.model, messages, parameters: t.parameters };
          const onDelta = (text: string) => emit({ type: 'delta', target: t.index, text });
          try {
            const answer: ChatResponse = t.provider.chatStream
              ? await t.provider.chatStream(request, onDelta, signal)
              : await t.provider.chat(request).then((a) => (onDelta(a.content), a));
            const latencyMs = Math.round((deps.now() - at) / 1000);
            const cost = deps.prices.cost(t.model, answer.usage);
            const usage = { input_tokens: answer.usage.input_tokens, output_tokens: answer.usage.output_tokens };
            emit({ type: 'done', target: t.index, output: answer.content, model: answer.model || t.model, latency_ms: latencyMs, cost, usage });
            return { t, at, end: deps.now(), output: answer.content, usage, cost, error: null };
          } catch (error) {
            const message = ((error as Error).message || 'the model call failed').slice(0, MAX_ERROR_CHARS);
            emit({ type: 'error', target: t.index, message, latency_ms: Math.round((deps.now() - at) / 1000) });
            return { t, at, end: deps.now(), output: null, usage: null, cost: null, error: message };
          }
        }));
        await deps.ingest.ingestTraces(projectId, {
          trace: {
            trace_id: traceId, name: source ? `playground:${source.name}` : 'playground', environment: PLAYGROUND_ENVIRONMENT,
            start_time: started, end_time: deps.now(), input_text: messages.map((m) => m.content).join('\n\n'),
            output_text: results.map((r) => `[${r.t.connection}/${r.t.model}]\n${r.output ?? r.error}`).join('\n\n'),
            attributes: {
              'tracehub.playground.run_id': runId,
              ...(source && { 'tracehub.playground.prompt': source.name, 'tracehub.playground.prompt_version': source.version }),
            },
            tags: ['playground'],
          },
          spans: results.map((r) => ({
            span_id: `${traceId.slice(0, 12)}${String(r.t.index).padStart(4, '0')}`, name: `${r.t.connection}/${r.t.model}`, span_type: 'llm',
            model: r.t.model, status: r.error ? 'error' : 'success', start_time: r.at, end_time: r.end, input: messages, output: r.output,
            input_tokens: r.usage?.input_tokens ?? undefined, output_tokens: r.usage?.output_tokens ?? undefined, cost: r.cost,
            status_message: r.error, attributes: { connection: r.t.connection, provider: r.t.provider.kind, parameters: r.t.parameters },
          })),
          allow_missing_parent: false,
        });
        emit({ type: 'end', trace_id: traceId });
      }
      return { runId, traceId, execute };
    },
  };
}

/** The playground service. */
export type PlaygroundService = ReturnType<typeof createPlaygroundService>;
