/**
 * The form of a new or changed online evaluation rule: name, what it picks (filter fields), sampling
 * rate, daily cost cap, the evaluators (YAML, exactly as in experiment specs) and the model connection
 * and judge model from `GET /model-connections`.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parse, stringify } from 'yaml';
import { FormError } from '../../../shared/components/FormError';
import type { EvaluationRuleInput, EvaluationRuleView, ModelConnectionView } from '../api';

const TEXT_FILTERS = ['trace_name', 'span_name', 'environment', 'span_type', 'model'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];

const DEFAULT_EVALUATORS = [{ type: 'llm_judge', name: 'grounded', rubric: 'Is the answer grounded in the retrieved context? 1-5' }];

/** The form's own state: text as typed. */
interface Draft {
  name: string;
  filters: Record<TextFilter, string>;
  tags: string;
  metadata: string;
  samplingPercent: string;
  dailyCap: string;
  evaluators: string;
  connection: string;
  model: string;
  enabled: boolean;
}

const draftOf = (rule?: EvaluationRuleView): Draft => {
  const f = (rule?.filter ?? {}) as Record<string, unknown>;
  return {
    name: rule?.name ?? '',
    filters: Object.fromEntries(TEXT_FILTERS.map((k) => [k, typeof f[k] === 'string' ? f[k] : ''])) as Record<TextFilter, string>,
    tags: Array.isArray(f.tags) ? f.tags.join(', ') : '',
    metadata: f.metadata && typeof f.metadata === 'object' ? Object.entries(f.metadata).map(([k, v]) => `${k}=${String(v)}`).join('\n') : '',
    samplingPercent: String(rule ? Math.round(rule.sampling_rate * 10_000) / 100 : 10),
    dailyCap: rule?.daily_cost_cap == null ? '' : String(rule.daily_cost_cap),
    evaluators: stringify(rule?.evaluators ?? DEFAULT_EVALUATORS),
    connection: rule?.connection ?? '',
    model: rule?.model ?? '',
    enabled: rule?.enabled ?? true,
  };
};

/** The request body from the draft; throws a message key when the evaluators are not a YAML list. */
function bodyOf(d: Draft, fallbackConnection: string): EvaluationRuleInput {
  const filter: Record<string, unknown> = {};
  for (const k of TEXT_FILTERS) if (d.filters[k].trim()) filter[k] = d.filters[k].trim();
  const tags = d.tags.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.length) filter.tags = tags;
  const pairs = d.metadata.split('\n').map((l) => l.trim()).filter(Boolean);
  if (pairs.length) filter.metadata = Object.fromEntries(pairs.map((l) => [l.split('=')[0].trim(), l.slice(l.indexOf('=') + 1).trim()]));
  let evaluators: unknown;
  try {
    evaluators = parse(d.evaluators);
  } catch {
    throw new Error('evaluationRules.form.evaluatorsInvalid');
  }
  if (!Array.isArray(evaluators) || evaluators.some((e) => !e || typeof e !== 'object')) throw new Error('evaluationRules.form.evaluatorsInvalid');
  return {
    name: d.name.trim(), filter, sampling_rate: Number(d.samplingPercent) / 100, evaluators: evaluators as Record<string, unknown>[],
    connection: d.connection || fallbackConnection, model: d.model || null,
    daily_cost_cap: d.dailyCap.trim() === '' ? null : Number(d.dailyCap), enabled: d.enabled,
  };
}

/** Fills from `rule` when editing; `onSubmit` gets the whole rule. */
export function RuleForm({ rule, connections, pending, error, onSubmit, onCancel }: {
  rule?: EvaluationRuleView; connections: ModelConnectionView[]; pending: boolean; error: unknown;
  onSubmit: (body: EvaluationRuleInput) => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [localError, setLocalError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const connectionName = draft.connection || connections[0]?.name || 'offline';
  const models = useMemo(() => connections.find((c) => c.name === connectionName)?.models ?? [], [connections, connectionName]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      setLocalError(null);
      onSubmit(bodyOf(draft, connectionName));
    } catch (err) {
      setLocalError((err as Error).message);
    }
  };
  return (
    <form className="stack" onSubmit={submit} data-testid="evaluation-rule-form">
      <label className="field">
        <span>{t('evaluationRules.form.name')}</span>
        <input name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} required maxLength={128} />
      </label>
      <fieldset className="stack">
        <legend>{t('evaluationRules.form.picks')}</legend>
        <div className="row wrap">
          {TEXT_FILTERS.map((k) => (
            <label className="field" key={k}>
              <span>{t(`evaluationRules.form.filters.${k}`)}</span>
              <input name={k} value={draft.filters[k]} onChange={(e) => set('filters', { ...draft.filters, [k]: e.target.value })} />
            </label>
          ))}
          <label className="field">
            <span>{t('evaluationRules.form.tags')}</span>
            <input name="tags" value={draft.tags} placeholder={t('evaluationRules.form.tagsHint')} onChange={(e) => set('tags', e.target.value)} />
          </label>
        </div>
        <label className="field">
          <span>{t('evaluationRules.form.metadata')}</span>
          <textarea name="metadata" rows={2} value={draft.metadata} placeholder="tenant=acme" onChange={(e) => set('metadata', e.target.value)} />
        </label>
      </fieldset>
      <div className="row wrap">
        <label className="field">
          <span>{t('evaluationRules.form.samplingPercent')}</span>
          <input type="number" name="sampling" min={0} max={100} step="any" value={draft.samplingPercent} onChange={(e) => set('samplingPercent', e.target.value)} required />
        </label>
        <label className="field">
          <span>{t('evaluationRules.form.dailyCap')}</span>
          <input type="number" name="daily_cost_cap" min={0} step="any" value={draft.dailyCap} placeholder={t('evaluationRules.noCap')} onChange={(e) => set('dailyCap', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('evaluationRules.connection')}</span>
          <select name="connection" value={connectionName} onChange={(e) => setDraft((d) => ({ ...d, connection: e.target.value, model: '' }))}>
            {connections.map((c) => (
              <option key={c.name} value={c.name}>
                {c.kind === 'offline' ? `${c.name} (${t('evaluationRules.offline')})` : c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('evaluationRules.model')}</span>
          <select name="model" value={draft.model} onChange={(e) => set('model', e.target.value)}>
            <option value="">{t('evaluationRules.form.defaultModel')}</option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>{t('evaluationRules.form.evaluators')}</span>
        <textarea name="evaluators" rows={6} className="mono" value={draft.evaluators} onChange={(e) => set('evaluators', e.target.value)} required />
        <small className="muted">{t('evaluationRules.form.evaluatorsHint')}</small>
      </label>
      <label className="checkbox">
        <input type="checkbox" name="enabled" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        {t('evaluationRules.form.enabled')}
      </label>
      {localError && (
        <div className="form-error" role="alert">
          {t(localError as 'evaluationRules.form.evaluatorsInvalid')}
        </div>
      )}
      <FormError error={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {rule ? t('evaluationRules.form.save') : t('evaluationRules.form.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('evaluationRules.form.cancel')}
        </button>
      </div>
    </form>
  );
}
