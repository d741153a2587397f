/** The form of a new or changed alert rule. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_COMPARATORS, ALERT_KINDS, METRIC_AGGS, type AlertComparator, type AlertKind, type AlertRuleView, type MetricAgg } from '@tracehub/core';
import { FormError } from '../../../shared/components/FormError';
import { labelsFromText, labelsToText } from '../../../shared/labels-text';
import type { AlertRuleInput } from '../api';

const DEFAULTS: AlertRuleInput = {
  name: '', kind: 'error_rate', comparator: '>', threshold: 0.05, window_minutes: 5, for_seconds: 0, cooldown_seconds: 3600,
  environment: null, trace_name: null, ab_test_id: null, destinations: [], enabled: true,
  metric_name: null, metric_labels: {}, metric_agg: null,
  evaluator: null,
};

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The editable fields of a rule (the API refuses the others). */
const editable = (rule: AlertRuleView): AlertRuleInput =>
  Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, rule[k as keyof AlertRuleInput]])) as AlertRuleInput;

/** Fills from `rule` when editing; `onSubmit` gets the whole rule. */
export function RuleForm({ rule, pending, error, onSubmit, onCancel }: {
  rule?: AlertRuleView; pending: boolean; error: unknown; onSubmit: (body: AlertRuleInput) => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<AlertRuleInput>(rule ? editable(rule) : DEFAULTS);
  const [destinations, setDestinations] = useState((rule?.destinations ?? []).join(', '));
  const [labels, setLabels] = useState(labelsToText(rule?.metric_labels));
  const metric = form.kind === 'app_metric';
  const set = <K extends keyof AlertRuleInput>(key: K, value: AlertRuleInput[K]) => setForm({ ...form, [key]: value });
  // A new backup_stale rule starts at twice the default backup interval (24 h): > 48 hours.
  const chooseKind = (kind: AlertKind) => setForm({ ...form, kind, ...(kind === 'backup_stale' && !rule && { comparator: '>', threshold: 48 }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({
      ...form, destinations: destinations.split(',').map((d) => d.trim()).filter(Boolean), ab_test_id: form.kind === 'ab_srm' ? form.ab_test_id : null,
      // Kind app_metric: the metric, its label filters and aggregate (average unless chosen).
      metric_name: metric ? form.metric_name : null, metric_labels: metric ? labelsFromText(labels) : {}, metric_agg: metric ? (form.metric_agg ?? 'avg') : null,
      evaluator: form.kind === 'judge_agreement' ? form.evaluator : null,
    });
  };
  const number = (key: 'threshold' | 'window_minutes' | 'for_seconds' | 'cooldown_seconds', step: string) => (
    <label className="field">
      <span>{t(`alerts.fields.${key}`)}</span>
      <input type="number" name={key} step={step} value={form[key]} onChange={(e) => set(key, Number(e.target.value))} required />
    </label>
  );
  return (
    <form className="stack" onSubmit={submit} data-testid="alert-rule-form">
      <label className="field">
        <span>{t('alerts.fields.name')}</span>
        <input name="name" value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={200} />
      </label>
      <div className="row wrap">
        <label className="field">
          <span>{t('alerts.fields.kind')}</span>
          <select name="kind" value={form.kind} onChange={(e) => chooseKind(e.target.value as AlertKind)}>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`alerts.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('alerts.fields.comparator')}</span>
          <select name="comparator" value={form.comparator} onChange={(e) => set('comparator', e.target.value as AlertComparator)}>
            {ALERT_COMPARATORS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {number('threshold', 'any')}
      </div>
      <p className="muted small">{t(`alerts.kindHints.${form.kind}`)}</p>
      {form.kind === 'judge_agreement' && (
        <label className="field">
          <span>{t('alerts.fields.evaluator')}</span>
          <input name="evaluator" value={form.evaluator ?? ''} onChange={(e) => set('evaluator', orNull(e.target.value))} required maxLength={256} />
        </label>
      )}
      {metric && (
        <div className="row wrap">
          <label className="field">
            <span>{t('dashboardPanels.metricRule.metric_name')}</span>
            <input name="metric_name" value={form.metric_name ?? ''} onChange={(e) => set('metric_name', orNull(e.target.value))} required maxLength={200} />
          </label>
          <label className="field">
            <span>{t('dashboardPanels.metricRule.metric_labels')}</span>
            <input name="metric_labels" value={labels} onChange={(e) => setLabels(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('dashboardPanels.metricRule.metric_agg')}</span>
            <select name="metric_agg" value={form.metric_agg ?? 'avg'} onChange={(e) => set('metric_agg', e.target.value as MetricAgg)}>
              {METRIC_AGGS.map((a) => (
                <option key={a} value={a}>
                  {t(`dashboards.aggs.${a}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <div className="row wrap">
        {number('window_minutes', '1')}
        {number('for_seconds', '1')}
        {number('cooldown_seconds', '1')}
      </div>
      <div className="row wrap">
        <label className="field">
          <span>{t('alerts.fields.environment')}</span>
          <input name="environment" value={form.environment ?? ''} onChange={(e) => set('environment', orNull(e.target.value))} />
        </label>
        <label className="field">
          <span>{t('alerts.fields.trace_name')}</span>
          <input name="trace_name" value={form.trace_name ?? ''} onChange={(e) => set('trace_name', orNull(e.target.value))} />
        </label>
        {form.kind === 'ab_srm' && (
          <label className="field">
            <span>{t('alerts.fields.ab_test_id')}</span>
            <input name="ab_test_id" value={form.ab_test_id ?? ''} onChange={(e) => set('ab_test_id', orNull(e.target.value))} required />
          </label>
        )}
      </div>
      <label className="field">
        <span>{t('alerts.fields.destinations')}</span>
        <input name="destinations" value={destinations} placeholder={t('alerts.destinationsHint')} onChange={(e) => setDestinations(e.target.value)} />
      </label>
      <label className="checkbox">
        <input type="checkbox" name="enabled" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        {t('alerts.fields.enabled')}
      </label>
      <FormError error={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {rule ? t('alerts.save') : t('alerts.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('alerts.cancel')}
        </button>
      </div>
    </form>
  );
}
