/**
 * The playground: pick a prompt version (or edit the text), fill its variables (by hand, from a
 * dataset item or from a trace), run it against one to four model connections side by side with
 * streamed output, tokens, latency and cost; save the result as a new prompt version or the case as
 * a dataset item. Viewers see the page but cannot run or save (the API refuses them anyway).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ChatMessage, PlaygroundEvent, PromptVersionView } from '@tracehub/core';
import { FormError } from '../../../shared/components/FormError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatCost } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { usePromptVersions, usePrompts } from '../../prompts';
import { useModelConnections } from '../../evaluation-rules';
import { runPlayground, type PlaygroundRunBody } from '../api';
import { SavePanel } from './SavePanel';
import { VariableSources } from './VariableSources';
import { templateVariables } from '../variables';
import type { PromptDraft, TargetOutput } from '../types';

/** At most this many targets (the API's limit). */
const MAX_TARGETS = 4;

interface TargetDraft {
  connection: string;
  model: string;
  temperature: string;
  maxTokens: string;
}

const EMPTY_DRAFT: PromptDraft = { type: 'text', text: '', messages: [{ role: 'user', content: '' }], format: 'fstring', config: {} };

const fromVersion = (v: PromptVersionView): PromptDraft => ({
  type: v.type,
  text: typeof v.prompt === 'string' ? v.prompt : '',
  messages: typeof v.prompt === 'string' ? [{ role: 'user', content: v.prompt }] : v.prompt,
  format: v.template_format,
  config: v.config,
});

const sameDraft = (a: PromptDraft, b: PromptDraft) =>
  a.type === b.type && a.format === b.format && (a.type === 'text' ? a.text === b.text : JSON.stringify(a.messages) === JSON.stringify(b.messages));

const numberOrUndefined = (value: string) => (value.trim() === '' || Number.isNaN(Number(value)) ? undefined : Number(value));

function TargetCard({
  index,
  draft,
  output,
  onChange,
  onRemove,
}: {
  index: number;
  draft: TargetDraft;
  output: TargetOutput | undefined;
  onChange: (next: TargetDraft) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useTranslation();
  const connections = useModelConnections();
  const list = connections.data?.connections ?? [];
  const current = list.find((c) => c.name === draft.connection);
  const models = current?.models.length ? current.models : current?.model ? [current.model] : [];
  return (
    <div className="card stack" data-testid="playground-target">
      <div className="section-head">
        <strong>{t('playground.target', { n: index + 1 })}</strong>
        {onRemove && (
          <button type="button" className="btn btn-small" onClick={onRemove}>
            {t('playground.removeTarget')}
          </button>
        )}
      </div>
      <div className="row wrap">
        <label className="field">
          <span>{t('playground.connection')}</span>
          <select
            data-testid="playground-connection"
            value={draft.connection}
            onChange={(e) => {
              const next = list.find((c) => c.name === e.target.value);
              onChange({ ...draft, connection: e.target.value, model: next?.model ?? next?.models[0] ?? '' });
            }}
          >
            {list.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('playground.model')}</span>
          <select data-testid="playground-model" value={draft.model} onChange={(e) => onChange({ ...draft, model: e.target.value })}>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('playground.temperature')}</span>
          <input type="number" min={0} max={2} step={0.1} value={draft.temperature} onChange={(e) => onChange({ ...draft, temperature: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('playground.maxTokens')}</span>
          <input type="number" min={1} step={1} value={draft.maxTokens} onChange={(e) => onChange({ ...draft, maxTokens: e.target.value })} />
        </label>
      </div>
      {output && (
        <div className="stack">
          <pre className="payload-pre" data-testid="playground-output" aria-live="polite">
            {output.text || (!output.done && !output.error ? t('playground.waiting') : '')}
          </pre>
          {output.error && (
            <div className="form-error" role="alert">
              {t('playground.failed', { message: output.error })}
            </div>
          )}
          {output.done && (
            <div className="muted small" data-testid="playground-stats">
              {output.model} · {t('playground.tokens', { input: output.inputTokens ?? '?', output: output.outputTokens ?? '?' })} ·{' '}
              {t('playground.latency', { ms: output.latencyMs ?? '?' })} · {formatCost(output.cost)}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** The page. */
export function PlaygroundPage() {
  const { t } = useTranslation();
  const { canWrite } = usePermissions();
  const prompts = usePrompts();
  const connections = useModelConnections();
  const [promptName, setPromptName] = useState('');
  const versions = usePromptVersions(promptName);
  const [versionNo, setVersionNo] = useState<number | null>(null);
  const [draft, setDraft] = useState<PromptDraft>(EMPTY_DRAFT);
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [targets, setTargets] = useState<TargetDraft[]>([]);
  const [outputs, setOutputs] = useState<TargetOutput[]>([]);
  const [traceId, setTraceId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [recordFailed, setRecordFailed] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const version = versions.data?.items.find((v) => v.version === versionNo) ?? null;
  const edited = version ? !sameDraft(draft, fromVersion(version)) : true;
  const names = useMemo(() => (version && !edited ? version.variables : templateVariables(draft)), [version, edited, draft]);

  // The newest version when a prompt is picked; its content when a version is picked.
  useEffect(() => {
    if (!promptName || !versions.data || versionNo !== null) return;
    const newest = versions.data.items.at(-1);
    if (newest) setVersionNo(newest.version);
  }, [promptName, versions.data, versionNo]);
  useEffect(() => {
    if (version) setDraft(fromVersion(version));
  }, [version]);
  // The first target: the first connection.
  useEffect(() => {
    const first = connections.data?.connections[0];
    if (first && targets.length === 0) setTargets([{ connection: first.name, model: first.model ?? first.models[0] ?? '', temperature: '', maxTokens: '' }]);
  }, [connections.data, targets.length]);

  const onEvent = (event: PlaygroundEvent) => {
    if (event.type === 'run') setTraceId(event.trace_id);
    else if (event.type === 'delta') setOutputs((all) => all.map((o, i) => (i === event.target ? { ...o, text: o.text + event.text } : o)));
    else if (event.type === 'done') {
      setOutputs((all) =>
        all.map((o, i) =>
          i === event.target
            ? { ...o, text: event.output, model: event.model, done: true, latencyMs: event.latency_ms, cost: event.cost, inputTokens: event.usage.input_tokens, outputTokens: event.usage.output_tokens }
            : o,
        ),
      );
    } else if (event.type === 'error') setOutputs((all) => all.map((o, i) => (i === event.target ? { ...o, error: event.message, latencyMs: event.latency_ms } : o)));
    else if (event.type === 'failed') setRecordFailed(true);
  };

  const run = async () => {
    const body: PlaygroundRunBody = {
      ...(version && !edited ? { prompt_ref: { name: version.name, version: version.version } } : { prompt: draft.type === 'text' ? draft.text : draft.messages, template_format: draft.format }),
      variables: Object.fromEntries(names.map((n) => [n, variables[n] ?? ''])),
      targets: targets.map((d) => ({
        connection: d.connection,
        ...(d.model && { model: d.model }),
        parameters: { temperature: numberOrUndefined(d.temperature), max_tokens: numberOrUndefined(d.maxTokens) },
      })),
    };
    abort.current = new AbortController();
    setRunning(true);
    setRunError(null);
    setRecordFailed(false);
    setTraceId(null);
    setOutputs(targets.map((d) => ({ connection: d.connection, model: d.model, text: '', done: false, error: null, latencyMs: null, cost: null, inputTokens: null, outputTokens: null })));
    try {
      await runPlayground(body, onEvent, abort.current.signal);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setRunError(error);
    } finally {
      setRunning(false);
    }
  };

  const setMessage = (index: number, patch: Partial<ChatMessage>) =>
    setDraft({ ...draft, messages: draft.messages.map((m, i) => (i === index ? { ...m, ...patch } : m)) });

  return (
    <div className="page" data-testid="playground">
      <PageHeader title={t('playground.title')} subtitle={t('playground.subtitle')} />
      <div className="card stack">
        <div className="row wrap">
          <label className="field">
            <span>{t('playground.prompt')}</span>
            <select
              data-testid="playground-prompt-select"
              value={promptName}
              onChange={(e) => {
                setPromptName(e.target.value);
                setVersionNo(null);
                if (!e.target.value) setDraft(EMPTY_DRAFT);
              }}
            >
              <option value="">{t('playground.noPrompt')}</option>
              {(prompts.data?.items ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {promptName && (
            <label className="field">
              <span>{t('playground.version')}</span>
              <select data-testid="playground-version-select" value={versionNo ?? ''} onChange={(e) => setVersionNo(Number(e.target.value))}>
                {(versions.data?.items ?? []).map((v) => (
                  <option key={v.version} value={v.version}>
                    {t('playground.versionOption', { version: v.version, labels: v.labels.join(', ') })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>{t('playground.format')}</span>
            <select value={draft.format} onChange={(e) => setDraft({ ...draft, format: e.target.value as PromptDraft['format'] })}>
              <option value="fstring">fstring</option>
              <option value="mustache">mustache</option>
            </select>
          </label>
        </div>
        {version && edited && <div className="notice small">{t('playground.edited')}</div>}
        {draft.type === 'text' ? (
          <label className="field">
            <span>{t('playground.text')}</span>
            <textarea data-testid="playground-text" rows={8} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
          </label>
        ) : (
          <div className="stack">
            {draft.messages.map((m, i) => (
              <div className="row wrap" key={i}>
                <label className="field">
                  <span>{t('playground.role')}</span>
                  <select value={m.role} onChange={(e) => setMessage(i, { role: e.target.value })}>
                    {['system', 'user', 'assistant'].map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field" style={{ flex: 1 }}>
                  <span>{t('playground.message', { n: i + 1 })}</span>
                  <textarea data-testid="playground-message" rows={3} value={m.content} onChange={(e) => setMessage(i, { content: e.target.value })} />
                </label>
              </div>
            ))}
            <button type="button" className="btn btn-small" onClick={() => setDraft({ ...draft, messages: [...draft.messages, { role: 'user', content: '' }] })}>
              {t('playground.addMessage')}
            </button>
          </div>
        )}
      </div>

      <div className="card stack">
        <strong>{t('playground.variables')}</strong>
        {names.length === 0 ? (
          <span className="muted">{t('playground.noVariables')}</span>
        ) : (
          <div className="io-grid">
            {names.map((n) => (
              <label className="field" key={n}>
                <span>{n}</span>
                <textarea data-testid={`playground-var-${n}`} rows={2} value={variables[n] ?? ''} onChange={(e) => setVariables({ ...variables, [n]: e.target.value })} />
              </label>
            ))}
          </div>
        )}
        <VariableSources names={names} onFill={(values) => setVariables({ ...variables, ...values })} />
      </div>

      <div className="section-head">
        <h2>{t('playground.targets')}</h2>
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={targets.length >= MAX_TARGETS || !connections.data?.connections.length}
            onClick={() => setTargets([...targets, { ...targets[targets.length - 1] }])}
          >
            {t('playground.addTarget')}
          </button>
          {running ? (
            <button type="button" className="btn" onClick={() => abort.current?.abort()}>
              {t('playground.stop')}
            </button>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="playground-run" disabled={!canWrite || targets.length === 0} onClick={() => void run()}>
              {t('playground.run')}
            </button>
          )}
        </div>
      </div>
      {!canWrite && <div className="notice">{t('playground.viewerNotice')}</div>}
      {connections.data && connections.data.connections.length === 0 && <div className="notice">{t('playground.connectionsEmpty')}</div>}
      <FormError error={runError} />
      {recordFailed && <div className="form-error">{t('playground.recordFailed')}</div>}
      {running && <div className="muted small">{t('playground.running')}</div>}
      <div className="io-grid">
        {targets.map((d, i) => (
          <TargetCard
            key={i}
            index={i}
            draft={d}
            output={outputs[i]}
            onChange={(next) => setTargets(targets.map((x, j) => (j === i ? next : x)))}
            onRemove={targets.length > 1 ? () => setTargets(targets.filter((_, j) => j !== i)) : null}
          />
        ))}
      </div>
      {traceId && !running && (
        <Link to={`/traces/${traceId}`} data-testid="playground-trace-link">
          {t('playground.viewTrace')}
        </Link>
      )}
      {canWrite && (
        <SavePanel
          promptName={promptName}
          draft={draft}
          variables={Object.fromEntries(names.map((n) => [n, variables[n] ?? '']))}
          outputs={outputs}
          traceId={traceId}
        />
      )}
    </div>
  );
}
