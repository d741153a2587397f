/** LangGraph view: the graph run and its nodes in execution order, with parent nodes and durations. */
import { useTranslation } from 'react-i18next';
import type { SpanTreeNode } from '@tracehub/core';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatDuration } from '../../../shared/format';

const attr = (span: SpanTreeNode, key: string): string | null => {
  const value = span.attributes?.[`langgraph.${key}`];
  return value == null ? null : String(value);
};

/** Nodes of the run as a flow and a table; clicking a node selects its span. */
export function LangGraphPanel({ spans, traceStart, selected, onSelect }: { spans: SpanTreeNode[]; traceStart: string; selected: string | null; onSelect: (spanId: string) => void }) {
  const { t } = useTranslation();
  const roots = spans.filter((s) => s.span_type === 'graph');
  const nodes = spans.filter((s) => s.span_type !== 'graph').sort((a, b) => a.start_time.localeCompare(b.start_time));
  const start = Date.parse(traceStart);
  const byNodeId = new Map(nodes.map((n) => [attr(n, 'node_id') ?? n.span_id, n]));
  return (
    <div className="langgraph" data-testid="langgraph-panel">
      {roots.map((r) => (
        <div key={r.span_id} className="langgraph-run">
          <span className="type-pill type-graph">graph</span> <strong>{attr(r, 'graph_name') ?? r.name}</strong>
          <span className="muted small">
            {' '}
            {t('detail.langgraph.run')}: {attr(r, 'run_id') ?? r.span_id} · {formatDuration(r.latency_ms)}
          </span>
        </div>
      ))}
      <div className="flow" aria-label={t('detail.langgraph.flow')}>
        {nodes.map((n, i) => (
          <span key={n.span_id} className="flow-step">
            {i > 0 && <span className="flow-arrow">→</span>}
            <button type="button" className={`flow-node status-${n.status}${n.span_id === selected ? ' selected' : ''}`} onClick={() => onSelect(n.span_id)}>
              {attr(n, 'node_name') ?? n.name}
              <small>{attr(n, 'node_type') ?? n.span_type}</small>
            </button>
          </span>
        ))}
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('detail.langgraph.node')}</th>
              <th>{t('detail.langgraph.type')}</th>
              <th>{t('detail.langgraph.nodeId')}</th>
              <th>{t('detail.langgraph.parent')}</th>
              <th>{t('detail.fields.status')}</th>
              <th className="num">{t('detail.langgraph.startsAt')}</th>
              <th className="num">{t('detail.fields.latency')}</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => {
              const parent = attr(n, 'parent_node_id');
              return (
                <tr key={n.span_id} className={n.span_id === selected ? 'row-cursor' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onSelect(n.span_id)}>
                      {attr(n, 'node_name') ?? n.name}
                    </button>
                  </td>
                  <td>{attr(n, 'node_type') ?? n.span_type}</td>
                  <td>
                    <code className="small">{attr(n, 'node_id') ?? n.span_id}</code>
                  </td>
                  <td>{parent ? (byNodeId.get(parent)?.name ?? parent) : <span className="muted">{t('detail.langgraph.root')}</span>}</td>
                  <td>
                    <StatusBadge value={n.status} />
                  </td>
                  <td className="num">+{formatDuration(Date.parse(n.start_time) - start)}</td>
                  <td className="num">{formatDuration(n.latency_ms)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
