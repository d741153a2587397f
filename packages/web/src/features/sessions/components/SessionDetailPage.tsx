/** One conversation: its traces in order, as a chat-like thread of inputs and outputs (a message list shows its last turn). */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { costLabel } from '../../../shared/components/CostText';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { turnText } from '../../../shared/components/message-shapes';
import { PageHeader } from '../../../shared/components/PageHeader';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatDuration, formatNumber, formatTime } from '../../../shared/format';
import { useSession } from '../api';

const clip = (text: string | null, n = 2000) => (text && text.length > n ? `${text.slice(0, n)}…` : (text ?? ''));

/** The page. */
export function SessionDetailPage() {
  const { t, i18n } = useTranslation();
  const { sessionId = '' } = useParams();
  const session = useSession(sessionId);
  if (session.isPending) return <Loading />;
  if (session.error) return <ErrorState error={session.error} onRetry={() => void session.refetch()} notFound={{ kind: 'session', listPath: '/sessions' }} />;
  const s = session.data;
  return (
    <div className="page">
      <Link to="/sessions" className="back-link">
        ← {t('sessions.title')}
      </Link>
      <PageHeader
        title={t('sessions.detailTitle', { id: s.session_id })}
        subtitle={t('sessions.detailSubtitle', {
          n: formatNumber(s.trace_count, i18n.language),
          users: s.user_ids.join(', ') || '—',
          tokens: formatNumber(s.total_tokens, i18n.language),
          cost: costLabel(t, s.cost, s.unpriced_span_count),
        })}
        actions={
          <Link className="btn" to={`/traces?session_id=${encodeURIComponent(s.session_id)}`}>
            {t('sessions.inTraceList')}
          </Link>
        }
      />
      <ol className="thread" data-testid="session-thread">
        {s.traces.map((trace, i) => (
          <li key={trace.trace_id} className="thread-turn card">
            <header className="thread-head">
              <span className="muted">#{i + 1}</span>
              <Link to={`/traces/${encodeURIComponent(trace.trace_id)}`} state={{ from: `/sessions/${encodeURIComponent(s.session_id)}` }}>
                {trace.name ?? trace.trace_id}
              </Link>
              <StatusBadge value={trace.status} />
              <span className="muted small">
                {formatTime(trace.start_time)} · {formatDuration(trace.latency_ms)} · {trace.model ?? ''}
              </span>
            </header>
            {trace.input_text && (
              <div className="chat-msg chat-user">
                <div className="chat-role">{t('sessions.input')}</div>
                <pre className="payload-pre">{clip(turnText(trace.input_text, 'user'))}</pre>
              </div>
            )}
            {trace.output_text && (
              <div className="chat-msg chat-assistant">
                <div className="chat-role">{t('sessions.output')}</div>
                <pre className="payload-pre">{clip(turnText(trace.output_text))}</pre>
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
