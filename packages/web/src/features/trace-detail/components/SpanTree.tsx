/** The span tree with collapse/expand and a waterfall bar per span on one shared time axis. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpanTreeNode } from '@tracehub/core';
import { formatDuration } from '../../../shared/format';
import { timeBounds, visibleRows } from '../span-rows';

// Deeper levels share the last indentation so very deep chains stay readable (aria-level keeps the true depth).
const MAX_INDENT_LEVELS = 40;

/** Tree rows; clicking a row selects the span, the caret collapses or expands it. */
export function SpanTree({
  roots,
  spans,
  collapsed,
  onToggle,
  selected,
  onSelect,
}: {
  roots: SpanTreeNode[];
  spans: SpanTreeNode[];
  collapsed: ReadonlySet<string>;
  onToggle: (spanId: string) => void;
  selected: string | null;
  onSelect: (spanId: string) => void;
}) {
  const { t } = useTranslation();
  const rows = useMemo(() => visibleRows(roots, collapsed), [roots, collapsed]);
  const bounds = useMemo(() => timeBounds(spans), [spans]);
  const total = bounds.end - bounds.start;
  const ticks = [0, 0.5, 1];
  return (
    <div className="span-tree" role="tree" aria-label={t('detail.spanTree')} data-testid="span-tree">
      <div className="span-row span-axis" aria-hidden="true">
        <div className="span-name-cell muted small">{t('detail.span')}</div>
        <div className="span-bar-cell">
          {ticks.map((f) => (
            <span key={f} className="axis-tick" style={{ left: `${f * 100}%` }}>
              {formatDuration(total * f)}
            </span>
          ))}
        </div>
      </div>
      {rows.map(({ span, depth, hasChildren, collapsed: isCollapsed }) => {
        const start = Date.parse(span.start_time) - bounds.start;
        const end = span.end_time ? Date.parse(span.end_time) - bounds.start : total;
        const left = (start / total) * 100;
        const width = Math.max(0.4, ((end - start) / total) * 100);
        return (
          <div
            key={span.span_id}
            role="treeitem"
            aria-selected={span.span_id === selected}
            aria-expanded={hasChildren ? !isCollapsed : undefined}
            aria-level={depth + 1}
            tabIndex={0}
            className={`span-row${span.span_id === selected ? ' selected' : ''}`}
            data-span-id={span.span_id}
            onClick={() => onSelect(span.span_id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(span.span_id);
              } else if ((e.key === 'ArrowLeft' && !isCollapsed) || (e.key === 'ArrowRight' && isCollapsed)) {
                if (hasChildren) onToggle(span.span_id);
              }
            }}
          >
            <div className="span-name-cell" style={{ paddingLeft: Math.min(depth, MAX_INDENT_LEVELS) * 16 }}>
              {hasChildren ? (
                <button
                  type="button"
                  className="caret"
                  aria-label={isCollapsed ? t('detail.expand') : t('detail.collapse')}
                  onClick={(e) => {
                    e.stopPropagation();
                    onToggle(span.span_id);
                  }}
                >
                  {isCollapsed ? '▸' : '▾'}
                </button>
              ) : (
                <span className="caret-space" />
              )}
              <span className={`type-pill type-${span.span_type}`}>{span.span_type}</span>
              <span className="span-name" title={span.name}>
                {span.name}
              </span>
              {span.status === 'error' && <span className="badge badge-bad">!</span>}
              {!span.end_time && <span className="badge badge-info">{t('status.running')}</span>}
            </div>
            <div className="span-bar-cell">
              <div
                className={`span-bar bar-${span.status}${span.end_time ? '' : ' bar-open'}`}
                style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }}
                title={`${span.name}: ${formatDuration(span.latency_ms)}`}
              />
              <span className="span-duration small muted" style={left + width > 85 ? { right: 4, left: 'auto', color: 'var(--surface)' } : { left: `${left + width}%` }}>
                {span.end_time ? formatDuration(span.latency_ms) : '…'}
              </span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
