/**
 * The span tree with collapse/expand and a waterfall bar per span on one shared time axis, fitted to
 * the trace's own work (time-axis.ts): far-away spans sit after an axis break, open spans are capped
 * and marked, and the axis zooms and pans (buttons, keys, Ctrl/Shift + wheel).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpanTreeNode, TimelineEntry, TraceScoreSummary } from '@tracehub/core';
import { ScoreBadges } from '../../../shared/components/scores';
import { formatDuration, formatTime } from '../../../shared/format';
import { timeToFirstTokenMs } from '../first-token';
import { visibleRows } from '../span-rows';
import { type AxisView, axisFraction, axisTicks, FULL_VIEW, fitTimeAxis, panView, spanPlacement, type TimeAxis, viewPercent, zoomView } from '../time-axis';

// Deeper levels share the last indentation so very deep chains stay readable (aria-level keeps the true depth).
const MAX_INDENT_LEVELS = 40;
const ZOOM_STEP = 2;
const PAN_STEP = 0.25;

const endOf = (span: SpanTreeNode): number | null => (span.end_time ? Date.parse(span.end_time) : null);

/** The latest event time of each open span (the last moment it is known to have been alive). */
function lastSeenOfOpenSpans(spans: SpanTreeNode[], timeline: readonly TimelineEntry[]): Map<string, number> {
  const seen = new Map<string, number>();
  const open = new Set(spans.filter((s) => !s.end_time).map((s) => s.span_id));
  if (open.size === 0) return seen;
  for (const entry of timeline) {
    if (entry.span_id == null || !open.has(entry.span_id)) continue;
    const at = Date.parse(entry.time);
    if (at > (seen.get(entry.span_id) ?? -Infinity)) seen.set(entry.span_id, at);
  }
  return seen;
}

/** The row backgrounds' break stripes for the visible window (one string shared by every row). */
function breakStripes(axis: TimeAxis, view: AxisView): string | undefined {
  const stripes = axis.breaks
    .map((b) => [Math.max(0, viewPercent(view, b.from)), Math.min(100, viewPercent(view, b.to))])
    .filter(([a, b]) => b > a)
    .map(([a, b]) => `linear-gradient(to right, transparent ${a}%, var(--axis-break) ${a}%, var(--axis-break) ${b}%, transparent ${b}%)`);
  return stripes.length ? stripes.join(', ') : undefined;
}

/** Where a bar's duration label goes so it is never clipped: after the bar, before it, or on it. */
function labelStyle(left: number, right: number): { style: React.CSSProperties; inside: boolean } {
  const l = Math.max(0, left);
  const r = Math.min(100, right);
  if (r <= 78) return { style: { left: `calc(${r}% + 4px)` }, inside: false };
  if (l >= 22) return { style: { right: `calc(${100 - l}% + 4px)` }, inside: false };
  return { style: { right: `calc(${100 - r}% + 4px)` }, inside: true };
}

/** Tree rows; clicking a row selects the span, the caret collapses or expands it. */
export function SpanTree({
  roots,
  spans,
  timeline,
  collapsed,
  onToggle,
  selected,
  onSelect,
  spanScores,
}: {
  roots: SpanTreeNode[];
  spans: SpanTreeNode[];
  /** The trace's timeline: an open span's events say how long it is known to have been alive. */
  timeline: readonly TimelineEntry[];
  collapsed: ReadonlySet<string>;
  onToggle: (spanId: string) => void;
  selected: string | null;
  onSelect: (spanId: string) => void;
  /** Score badges per span id (the span's evaluations by name). */
  spanScores?: ReadonlyMap<string, TraceScoreSummary[]>;
}) {
  const { t } = useTranslation();
  const rows = useMemo(() => visibleRows(roots, collapsed), [roots, collapsed]);
  const axis = useMemo(() => {
    const seen = lastSeenOfOpenSpans(spans, timeline);
    return fitTimeAxis(spans.map((s) => ({ start: Date.parse(s.start_time), end: endOf(s), lastSeen: seen.get(s.span_id) })));
  }, [spans, timeline]);
  const [view, setView] = useState<AxisView>(FULL_VIEW);
  const ticks = useMemo(() => axisTicks(axis, view), [axis, view]);
  const stripes = useMemo(() => breakStripes(axis, view), [axis, view]);
  const barCell = stripes ? { backgroundImage: stripes } : undefined;
  const zoom = Math.round(1 / (view.to - view.from));

  // Ctrl/⌘ + wheel zooms at the pointer, Shift + wheel pans; a native listener, so the page does not zoom too.
  const treeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = treeRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey || e.shiftKey)) return;
      const cell = el.querySelector('.span-axis .span-bar-cell');
      if (!cell) return;
      e.preventDefault();
      const box = cell.getBoundingClientRect();
      const delta = e.deltaY || e.deltaX;
      setView((v) => {
        if (e.shiftKey && !(e.ctrlKey || e.metaKey)) return panView(v, Math.sign(delta) * PAN_STEP);
        const share = Math.min(1, Math.max(0, (e.clientX - box.left) / Math.max(1, box.width)));
        return zoomView(v, delta < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, v.from + share * (v.to - v.from));
      });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);
  const onAxisKey = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    let next: AxisView | null = null;
    if (e.key === '+' || e.key === '=') next = zoomView(view, ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') next = zoomView(view, 1 / ZOOM_STEP);
    else if (e.key === '0') next = FULL_VIEW;
    else if (e.shiftKey && e.key === 'ArrowLeft') next = panView(view, -PAN_STEP);
    else if (e.shiftKey && e.key === 'ArrowRight') next = panView(view, PAN_STEP);
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    setView(next);
  };

  return (
    <div className="waterfall" data-testid="waterfall">
      <div className="waterfall-toolbar" role="toolbar" aria-label={t('detail.axis.toolbar')}>
        <button type="button" className="btn btn-small" aria-label={t('detail.axis.zoomOut')} title={t('detail.axis.zoomOut')} disabled={zoom <= 1} onClick={() => setView((v) => zoomView(v, 1 / ZOOM_STEP))}>
          −
        </button>
        <button type="button" className="btn btn-small" aria-label={t('detail.axis.zoomIn')} title={t('detail.axis.zoomIn')} onClick={() => setView((v) => zoomView(v, ZOOM_STEP))}>
          +
        </button>
        <button type="button" className="btn btn-small" aria-label={t('detail.axis.panEarlier')} title={t('detail.axis.panEarlier')} disabled={view.from <= 0} onClick={() => setView((v) => panView(v, -PAN_STEP))}>
          ←
        </button>
        <button type="button" className="btn btn-small" aria-label={t('detail.axis.panLater')} title={t('detail.axis.panLater')} disabled={view.to >= 1} onClick={() => setView((v) => panView(v, PAN_STEP))}>
          →
        </button>
        <button type="button" className="btn btn-small" disabled={zoom <= 1} onClick={() => setView(FULL_VIEW)}>
          {t('detail.axis.reset')}
        </button>
        <span className="small muted" data-testid="axis-zoom" aria-live="polite">
          {t('detail.axis.zoom', { n: zoom })}
        </span>
        <span className="small muted waterfall-origin" data-testid="axis-origin" title={t('detail.axis.hint')}>
          {t('detail.axis.origin', { time: formatTime(new Date(axis.origin).toISOString(), true, true) })}
        </span>
      </div>
      <p id="waterfall-hint" className="sr-only">
        {t('detail.axis.hint')}
      </p>
      <div className="span-tree" role="tree" aria-label={t('detail.spanTree')} aria-describedby="waterfall-hint" data-testid="span-tree" ref={treeRef} onKeyDown={onAxisKey}>
        <div className="span-row span-axis" aria-hidden="true">
          <div className="span-name-cell muted small">{t('detail.span')}</div>
          <div className="span-bar-cell" style={barCell} data-testid="axis">
            {ticks.map((tick) => {
              const at = viewPercent(view, tick.at);
              return (
                <span
                  key={tick.at}
                  className={`axis-tick${at < 5 ? ' tick-start' : at > 85 ? ' tick-end' : ''}${tick.edge ? '' : ' tick-mid'}`}
                  style={at > 85 ? { right: `${100 - at}%` } : { left: `${at}%` }}
                >
                  {formatDuration(tick.time - axis.origin)}
                </span>
              );
            })}
            {axis.breaks.map((b) => {
              const mid = viewPercent(view, (b.from + b.to) / 2);
              if (mid < 0 || mid > 100) return null;
              return (
                <span key={b.from} className="axis-break" data-testid="axis-break" title={t('detail.axis.gap', { d: formatDuration(b.gapMs) })} style={mid > 60 ? { right: `${Math.max(0, 100 - viewPercent(view, b.to))}%`, transform: 'none' } : { left: `${mid}%` }}>
                  ≈ {formatDuration(b.gapMs)}
                </span>
              );
            })}
          </div>
        </div>
        {rows.map(({ span, depth, hasChildren, collapsed: isCollapsed }) => {
          const start = Date.parse(span.start_time);
          const place = spanPlacement(axis, { start, end: endOf(span) });
          const left = viewPercent(view, place.from);
          const right = viewPercent(view, place.to);
          const ttft = span.end_time ? timeToFirstTokenMs(span) : null;
          const label = labelStyle(left, right);
          const duration = place.open ? t('detail.axis.open') : formatDuration(span.latency_ms);
          const title = [
            `${span.name}: ${duration}`,
            ttft != null ? t('detail.axis.ttft', { d: formatDuration(ttft) }) : null,
            formatTime(span.start_time, true, true),
            place.open ? t('detail.axis.openTitle') : null,
          ]
            .filter(Boolean)
            .join(' · ');
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
                } else if (!e.shiftKey && ((e.key === 'ArrowLeft' && !isCollapsed) || (e.key === 'ArrowRight' && isCollapsed))) {
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
                {spanScores?.has(span.span_id) && <ScoreBadges scores={spanScores.get(span.span_id) ?? []} />}
                {!span.end_time && <span className="badge badge-info">{t('status.running')}</span>}
              </div>
              <div className="span-bar-cell" style={barCell} title={title}>
                <div
                  className={`span-bar bar-${span.status}${place.open ? ' bar-open' : ''}`}
                  data-open={place.open ? 'true' : undefined}
                  style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }}
                >
                  {ttft != null && <span className="ttft-mark" data-testid="ttft-mark" style={{ left: `${((axisFraction(axis, start + ttft) - place.from) / Math.max(1e-12, place.to - place.from)) * 100}%` }} />}
                </div>
                <span className={`span-duration small${label.inside ? ' inside' : ''}${place.open ? ' open' : ''}`} style={label.style}>
                  {duration}
                </span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
