/**
 * The form of one widget. Free-text fields (group values, label filters) are kept as typed and
 * turned into the API's shape by {@link draftToWidget}; the server validates the whole widget.
 */
import { useTranslation } from 'react-i18next';
import { METRIC_AGGS, WIDGET_GROUPS, WIDGET_KINDS, WIDGET_MEASURES, WIDGET_SOURCES, type DashboardWidget, type MetricAgg, type WidgetKind, type WidgetSource } from '@tracehub/core';
import { labelsFromText, labelsToText } from '../../../shared/labels-text';

/** A widget as edited. */
export interface WidgetDraft {
  id: string;
  title: string;
  kind: WidgetKind;
  source: WidgetSource;
  measure: string;
  /** '' (none), a dimension, or 'label'. */
  group: string;
  labelKey: string;
  groupValues: string;
  environment: string;
  traceName: string;
  metricName: string;
  agg: MetricAgg;
  labels: string;
  step: string;
}

/** A new widget's draft. */
export function newDraft(): WidgetDraft {
  return {
    id: `w${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`, title: '', kind: 'timeseries', source: 'metric', measure: 'value', group: '',
    labelKey: '', groupValues: '', environment: '', traceName: '', metricName: '', agg: 'avg', labels: '', step: '',
  };
}

const list = (text: string) => text.split(',').map((v) => v.trim()).filter(Boolean);

/** A saved widget as a draft. */
export function widgetToDraft(w: DashboardWidget): WidgetDraft {
  const label = w.group_by?.startsWith('label:');
  return {
    id: w.id, title: w.title, kind: w.kind, source: w.source, measure: w.measure, group: label ? 'label' : (w.group_by ?? ''),
    labelKey: label ? (w.group_by ?? '').slice(6) : '', groupValues: (w.group_values ?? []).join(', '), environment: w.environment ?? '',
    traceName: w.trace_name ?? '', metricName: w.metric?.name ?? '', agg: w.metric?.agg ?? 'avg',
    labels: labelsToText(w.metric?.labels), step: w.step ?? '',
  };
}

/** The widget the API takes (it validates; its 400 names the field). */
export function draftToWidget(d: WidgetDraft): DashboardWidget {
  // A figure is never grouped (the editor hides the field, a kept choice is dropped).
  const group = d.kind === 'figure' ? '' : d.group;
  const groupBy = group === 'label' ? `label:${d.labelKey.trim()}` : group || undefined;
  return {
    id: d.id, title: d.title.trim(), kind: d.kind, source: d.source, measure: d.measure,
    ...(groupBy && { group_by: groupBy }),
    ...((group === 'environment' || group === 'name') && list(d.groupValues).length > 0 && { group_values: list(d.groupValues) }),
    ...(d.source !== 'metric' && d.environment.trim() && { environment: d.environment.trim() }),
    ...(d.source !== 'metric' && d.traceName.trim() && { trace_name: d.traceName.trim() }),
    ...(d.source === 'metric' && {
      metric: { name: d.metricName.trim(), agg: d.agg, labels: labelsFromText(d.labels) },
    }),
    ...(d.source === 'metric' && d.kind === 'timeseries' && d.step.trim() && { step: d.step.trim() }),
  };
}

/** The fields of one widget. */
export function WidgetEditor({ draft, index, metricNames, onChange, onRemove }: {
  draft: WidgetDraft; index: number; metricNames: string[]; onChange: (d: WidgetDraft) => void; onRemove: () => void;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof WidgetDraft>(key: K, value: WidgetDraft[K]) => onChange({ ...draft, [key]: value });
  const setSource = (source: WidgetSource) => onChange({ ...draft, source, measure: WIDGET_MEASURES[source][0], group: '' });
  const prefix = `widget-${index}`;
  return (
    <fieldset className="card stack" data-testid="widget-editor">
      <div className="row wrap">
        <label className="field">
          <span>{t('dashboards.widget.title')}</span>
          <input name={`${prefix}-title`} value={draft.title} onChange={(e) => set('title', e.target.value)} required maxLength={200} />
        </label>
        <label className="field">
          <span>{t('dashboards.widget.kind')}</span>
          <select name={`${prefix}-kind`} value={draft.kind} onChange={(e) => set('kind', e.target.value as WidgetKind)}>
            {WIDGET_KINDS.map((k) => <option key={k} value={k}>{t(`dashboards.kinds.${k}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('dashboards.widget.source')}</span>
          <select name={`${prefix}-source`} value={draft.source} onChange={(e) => setSource(e.target.value as WidgetSource)}>
            {WIDGET_SOURCES.map((s) => <option key={s} value={s}>{t(`dashboards.sources.${s}`)}</option>)}
          </select>
        </label>
        {draft.source !== 'metric' && (
          <label className="field">
            <span>{t('dashboards.widget.measure')}</span>
            <select name={`${prefix}-measure`} value={draft.measure} onChange={(e) => set('measure', e.target.value)}>
              {WIDGET_MEASURES[draft.source].map((m) => <option key={m} value={m}>{t(`dashboards.measures.${m}`)}</option>)}
            </select>
          </label>
        )}
      </div>
      {draft.source === 'metric' && (
        <div className="row wrap">
          <label className="field">
            <span>{t('dashboards.widget.metricName')}</span>
            <input name={`${prefix}-metric`} list={`${prefix}-metric-names`} value={draft.metricName} onChange={(e) => set('metricName', e.target.value)} required />
            <datalist id={`${prefix}-metric-names`}>
              {metricNames.map((n) => <option key={n} value={n} />)}
            </datalist>
          </label>
          <label className="field">
            <span>{t('dashboards.widget.agg')}</span>
            <select name={`${prefix}-agg`} value={draft.agg} onChange={(e) => set('agg', e.target.value as MetricAgg)}>
              {METRIC_AGGS.map((a) => <option key={a} value={a}>{t(`dashboards.aggs.${a}`)}</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t('dashboards.widget.labels')}</span>
            <input name={`${prefix}-labels`} value={draft.labels} onChange={(e) => set('labels', e.target.value)} />
          </label>
          {draft.kind === 'timeseries' && (
            <label className="field">
              <span>{t('dashboards.widget.step')}</span>
              <input name={`${prefix}-step`} value={draft.step} onChange={(e) => set('step', e.target.value)} />
            </label>
          )}
        </div>
      )}
      <div className="row wrap">
        {draft.kind !== 'figure' && (
          <label className="field">
            <span>{t('dashboards.widget.groupBy')}</span>
            <select name={`${prefix}-group`} value={draft.group} onChange={(e) => set('group', e.target.value)}>
              <option value="">{t('dashboards.widget.noGroup')}</option>
              {WIDGET_GROUPS[draft.source].map((g) => <option key={g} value={g}>{t(`dashboards.groups.${g}` as 'dashboards.groups.model')}</option>)}
            </select>
          </label>
        )}
        {draft.group === 'label' && (
          <label className="field">
            <span>{t('dashboards.widget.labelKey')}</span>
            <input name={`${prefix}-label-key`} value={draft.labelKey} onChange={(e) => set('labelKey', e.target.value)} required />
          </label>
        )}
        {(draft.group === 'environment' || draft.group === 'name') && (
          <label className="field">
            <span>{t('dashboards.widget.groupValues')}</span>
            <input name={`${prefix}-group-values`} value={draft.groupValues} onChange={(e) => set('groupValues', e.target.value)} required />
          </label>
        )}
        {draft.source !== 'metric' && (
          <>
            <label className="field">
              <span>{t('dashboards.widget.environment')}</span>
              <input name={`${prefix}-environment`} value={draft.environment} onChange={(e) => set('environment', e.target.value)} />
            </label>
            <label className="field">
              <span>{t('dashboards.widget.traceName')}</span>
              <input name={`${prefix}-trace-name`} value={draft.traceName} onChange={(e) => set('traceName', e.target.value)} />
            </label>
          </>
        )}
      </div>
      <div className="row">
        <button type="button" className="btn btn-ghost" onClick={onRemove}>{t('dashboards.widget.remove')}</button>
      </div>
    </fieldset>
  );
}
