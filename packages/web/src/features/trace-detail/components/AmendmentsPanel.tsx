/** Amendments: each patch with the span's view before (original) and after (merged), side by side. */
import { useTranslation } from 'react-i18next';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { formatTime } from '../../../shared/format';
import type { TraceAmendment } from '@tracehub/core';

/** One card per amendment, oldest first. */
export function AmendmentsPanel({ amendments, spanNames }: { amendments: TraceAmendment[]; spanNames: Map<string, string> }) {
  const { t } = useTranslation();
  if (amendments.length === 0) return <p className="muted">{t('detail.noAmendments')}</p>;
  return (
    <div className="amendments" data-testid="amendments">
      {amendments.map((a) => (
        <article key={a.event_id} className="amendment card-inner">
          <header className="amendment-head">
            <strong>{spanNames.get(a.span_id) ?? a.span_id}</strong>
            <span className="muted small">{formatTime(a.event_time, true, true)}</span>
            {a.idempotency_key && <code className="small muted">{a.idempotency_key}</code>}
          </header>
          <PayloadViewer title={t('detail.amendment.patch')} value={a.patch} />
          <div className="io-grid">
            <PayloadViewer title={t('detail.amendment.original')} value={a.original} />
            <PayloadViewer title={t('detail.amendment.merged')} value={a.merged} />
          </div>
        </article>
      ))}
    </div>
  );
}
