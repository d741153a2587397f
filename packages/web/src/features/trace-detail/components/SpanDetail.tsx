/** The selected span: its numbers, input/output, attributes, events and amendments. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpanTreeNode } from '@tracehub/core';
import { toolDefinitionsFromAttributes } from '../../../shared/components/message-shapes';
import { CostText } from '../../../shared/components/CostText';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { Tabs } from '../../../shared/components/Tabs';
import { formatCost, formatDuration, formatNumber, formatTime } from '../../../shared/format';
import type { TraceDetail } from '@tracehub/core';
import { timeToFirstTokenMs } from '../first-token';
import { AmendmentsPanel } from './AmendmentsPanel';
import { EventsTimeline } from './EventsTimeline';

type Tab = 'io' | 'attributes' | 'events' | 'amendments';

/** Details of `span` within `detail`. */
export function SpanDetail({ span, detail }: { span: SpanTreeNode; detail: TraceDetail }) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<Tab>('io');
  const events = useMemo(() => detail.timeline.filter((e) => e.span_id === span.span_id), [detail.timeline, span.span_id]);
  const amendments = useMemo(() => detail.amendments.filter((a) => a.span_id === span.span_id), [detail.amendments, span.span_id]);
  // Tools offered to the model are recorded as span attributes by the OTLP conventions.
  const tools = useMemo(() => toolDefinitionsFromAttributes(span.attributes), [span.attributes]);
  const ttft = timeToFirstTokenMs(span);
  const facts: Array<[string, React.ReactNode]> = [
    [t('detail.fields.type'), span.span_type],
    [t('detail.fields.status'), <StatusBadge key="s" value={span.status} />],
    [t('detail.fields.start'), formatTime(span.start_time, true, true)],
    [t('detail.fields.latency'), formatDuration(span.latency_ms)],
    ...(ttft != null ? [[t('detail.fields.ttft'), formatDuration(ttft)] as [string, React.ReactNode]] : []),
    [t('detail.fields.model'), span.model ?? '—'],
    [t('detail.fields.tokens'), span.total_tokens == null ? '—' : `${formatNumber(span.input_tokens, i18n.language)} / ${formatNumber(span.output_tokens, i18n.language)} / ${formatNumber(span.total_tokens, i18n.language)}`],
    [t('detail.fields.cost'), <CostText key="c" cost={span.cost} unpriced={span.cost == null && (span.total_tokens ?? 0) > 0 ? 1 : 0} />],
    ...(span.input_cost != null ? [[t('cost.input'), formatCost(span.input_cost)] as [string, React.ReactNode]] : []),
    ...(span.output_cost != null ? [[t('cost.output'), formatCost(span.output_cost)] as [string, React.ReactNode]] : []),
    [t('detail.fields.level'), span.level],
  ];
  return (
    <section className="card span-detail" data-testid="span-detail">
      <h3 className="span-detail-title">
        {span.name} <code className="small muted">{span.span_id}</code>
      </h3>
      {span.status_message && <div className="form-error">{span.status_message}</div>}
      <dl className="facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <Tabs<Tab>
        items={[
          { key: 'io', label: t('detail.tabs.io') },
          { key: 'attributes', label: t('detail.tabs.attributes'), count: Object.keys(span.attributes ?? {}).length },
          { key: 'events', label: t('detail.tabs.events'), count: events.length },
          { key: 'amendments', label: t('detail.tabs.amendments'), count: amendments.length },
        ]}
        active={tab}
        onChange={setTab}
      />
      {tab === 'io' && (
        <div className="io-grid">
          <PayloadViewer title={t('detail.input')} value={span.input} tools={tools} />
          <PayloadViewer title={t('detail.output')} value={span.output} />
        </div>
      )}
      {tab === 'attributes' && <PayloadViewer value={span.attributes} />}
      {tab === 'events' && <EventsTimeline entries={events} traceStart={detail.trace.start_time} />}
      {tab === 'amendments' && <AmendmentsPanel amendments={amendments} spanNames={new Map([[span.span_id, span.name]])} />}
    </section>
  );
}
