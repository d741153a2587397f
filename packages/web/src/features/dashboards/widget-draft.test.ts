/** The widget editor's drafts turn into the widgets the API takes, and back. */
import { describe, expect, it } from 'vitest';
import { dashboardWidgetSchema, type DashboardWidget } from '@tracehub/core';
import { draftToWidget, newDraft, widgetToDraft } from './components/WidgetEditor';

describe('widget drafts', () => {
  it('round-trips a grouped metric time series and a filtered traces table', () => {
    const widgets: DashboardWidget[] = [
      { id: 'acc', title: 'Accuracy', kind: 'timeseries', source: 'metric', measure: 'value', group_by: 'label:run', step: '1d', metric: { name: 'training.accuracy', agg: 'last', labels: { model: 'ft=v2' } } },
      { id: 'env', title: 'Errors', kind: 'table', source: 'traces', measure: 'error_rate', group_by: 'environment', group_values: ['prod', 'staging'], trace_name: 'process_url' },
    ];
    for (const w of widgets) {
      const back = draftToWidget(widgetToDraft(w));
      expect(back).toEqual(w);
      expect(dashboardWidgetSchema.safeParse(back).success).toBe(true);
    }
  });

  it('drops a grouping a figure cannot show, and fields of the other sources', () => {
    const draft = { ...newDraft(), title: 'N', kind: 'figure' as const, metricName: 'faiss_index_ntotal', agg: 'last' as const, group: 'label', labelKey: 'index', environment: 'prod', step: '1h' };
    const widget = draftToWidget(draft);
    expect(widget).toEqual({ id: draft.id, title: 'N', kind: 'figure', source: 'metric', measure: 'value', metric: { name: 'faiss_index_ntotal', agg: 'last', labels: {} } });
    expect(dashboardWidgetSchema.safeParse(widget).success).toBe(true);
  });
});
