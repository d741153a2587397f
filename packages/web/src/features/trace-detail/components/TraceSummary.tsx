/** The trace's facts: times, latency, tokens, cost, spans, completion, model, environment, user, session, scores, tags. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { EvalView, TraceView } from '@tracehub/core';
import { CostText } from '../../../shared/components/CostText';
import { ScoreBadges, summarizeEvals } from '../../../shared/components/scores';
import { formatDuration, formatNumber, formatPercent, formatTime } from '../../../shared/format';

/** A definition list of the trace's fields; `evals` (the trace's evaluations) become score badges by name. */
export function TraceSummary({ trace, evals = [] }: { trace: TraceView; evals?: readonly EvalView[] }) {
  const { t, i18n } = useTranslation();
  const scores = summarizeEvals(evals);
  const n = (v: number) => formatNumber(v, i18n.language);
  const facts: Array<[string, React.ReactNode]> = [
    [t('detail.fields.start'), formatTime(trace.start_time, true, true)],
    [t('detail.fields.latency'), formatDuration(trace.latency_ms)],
    [t('detail.fields.spans'), `${n(trace.span_count)}${trace.open_span_count ? ` (${t('detail.openSpans', { n: trace.open_span_count })})` : ''}`],
    [t('detail.fields.completion'), formatPercent(trace.completion_rate, 0)],
    [t('detail.fields.tokens'), `${n(trace.input_tokens)} / ${n(trace.output_tokens)} / ${n(trace.total_tokens)}`],
    [t('detail.fields.cost'), <CostText key="cost" cost={trace.cost} unpriced={trace.unpriced_span_count} />],
    [t('detail.fields.model'), trace.model ?? '—'],
    [t('detail.fields.environment'), trace.environment ?? '—'],
    [t('detail.fields.user'), trace.user_id ? <Link to={`/traces?user_id=${encodeURIComponent(trace.user_id)}`}>{trace.user_id}</Link> : '—'],
    [t('detail.fields.session'), trace.session_id ? <Link to={`/sessions/${encodeURIComponent(trace.session_id)}`}>{trace.session_id}</Link> : '—'],
    [t('detail.fields.release'), [trace.release, trace.version].filter(Boolean).join(' · ') || '—'],
    [t('detail.fields.review'), trace.user_review_passed == null ? '—' : trace.user_review_passed ? t('detail.reviewPassed') : t('detail.reviewFailed')],
  ];
  return (
    <dl className="facts facts-wide" data-testid="trace-summary">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
      {scores.length > 0 && (
        <div className="facts-scores" data-testid="trace-scores">
          <dt>{t('scores.title')}</dt>
          <dd>
            <ScoreBadges scores={scores} />
          </dd>
        </div>
      )}
      {trace.tags.length > 0 && (
        <div>
          <dt>{t('detail.fields.tags')}</dt>
          <dd>
            {trace.tags.map((tag) => (
              <Link key={tag} className="tag" to={`/traces?tag=${encodeURIComponent(tag)}`}>
                {tag}
              </Link>
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}
