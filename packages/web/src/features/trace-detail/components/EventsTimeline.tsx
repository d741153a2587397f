/** The events of a trace (or one span) in time order, each at its offset from the trace's start. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { formatDuration, formatTime } from '../../../shared/format';
import type { TimelineEntry } from '@tracehub/core';

/** A vertical timeline; `onSelectSpan` makes span names clickable. */
export function EventsTimeline({ entries, traceStart, onSelectSpan }: { entries: TimelineEntry[]; traceStart: string; onSelectSpan?: (spanId: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const start = Date.parse(traceStart);
  if (entries.length === 0) return <p className="muted">{t('detail.noEvents')}</p>;
  const label = (e: TimelineEntry) =>
    e.kind === 'span_start' ? t('detail.timeline.start') : e.kind === 'span_end' ? t('detail.timeline.end') : (e.event_type ?? e.kind);
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((e, i) => {
        const hasPayload = e.payload !== undefined && e.payload !== null && Object.keys(e.payload as object).length > 0;
        const message = (e.payload as { message?: unknown } | undefined)?.message;
        return (
          <li key={`${e.time}-${i}`} className={`timeline-item kind-${e.kind} ev-${e.event_type ?? ''}`}>
            <span className="timeline-offset mono" title={formatTime(e.time, true, true)}>
              +{formatDuration(Date.parse(e.time) - start)}
            </span>
            <span className={`badge badge-${e.event_type === 'ERROR' ? 'bad' : e.event_type === 'AMENDMENT' ? 'warn' : 'neutral'}`}>{label(e)}</span>
            {e.span_id && onSelectSpan ? (
              <button type="button" className="link-button" onClick={() => onSelectSpan(e.span_id as string)}>
                {e.name ?? e.span_id}
              </button>
            ) : (
              <span>{e.name ?? ''}</span>
            )}
            {typeof message === 'string' && <span className="muted">{message}</span>}
            {hasPayload && (
              <button type="button" className="btn btn-small" onClick={() => setOpen(open === i ? null : i)}>
                {open === i ? t('common.hide') : t('detail.timeline.payload')}
              </button>
            )}
            {open === i && <PayloadViewer value={e.payload} />}
          </li>
        );
      })}
    </ol>
  );
}
