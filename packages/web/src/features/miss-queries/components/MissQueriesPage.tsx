/**
 * Top miss-queries: inputs of traces with failing evaluations, negative feedback, BLOCK/ESCALATE
 * decisions or errors, grouped by similar text and ranked; each group links its example traces and
 * can add its representative input to a dataset with the expected.json stub.
 */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { MissQueryGroup } from '@tracehub/core';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatNumber, formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { AddToDatasetDialog } from '../../trace-detail';
import { AddToQueueDialog } from '../../annotation-queues';
import { useMissQueries } from '../api';

const WINDOWS = [24, 24 * 7, 24 * 30] as const;

function Reasons({ group }: { group: MissQueryGroup }) {
  const { t } = useTranslation();
  const r = group.reasons;
  return (
    <ul className="row wrap" aria-label={t('missQueries.reasons')}>
      {r.failed_evals.map((e) => (
        <li key={e.eval_name} className="badge badge-bad">
          {t('missQueries.failedEval', { name: e.eval_name, count: e.count })}
        </li>
      ))}
      {r.negative_feedback > 0 && <li className="badge badge-warn">{t('missQueries.negativeFeedback', { count: r.negative_feedback })}</li>}
      {Object.entries(r.decisions).map(([action, n]) => (
        <li key={action}>
          <StatusBadge value={action} /> ×{n}
        </li>
      ))}
      {r.errors > 0 && <li className="badge badge-bad">{t('missQueries.errors', { count: r.errors })}</li>}
    </ul>
  );
}

/** The page; the window lives in the URL (`?hours=`). */
export function MissQueriesPage() {
  const { t, i18n } = useTranslation();
  const { canWrite } = usePermissions();
  const [params, setParams] = useSearchParams();
  const hours = WINDOWS.find((w) => String(w) === params.get('hours')) ?? 24;
  const query = useMissQueries(hours);
  return (
    <div className="page">
      <PageHeader title={t('missQueries.title')} subtitle={t('missQueries.subtitle')} />
      <div className="filters card filters-row">
        <label>
          {t('missQueries.window')}
          <select value={hours} onChange={(e) => setParams({ hours: e.target.value })} data-testid="miss-window">
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t('missQueries.lastHours', { count: w })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryView
        query={query}
        isEmpty={(d) => d.groups.length === 0}
        empty={<EmptyState title={t('missQueries.emptyTitle')} hint={t('missQueries.emptyHint')} />}
      >
        {(data) => (
          <div className="stack">
            <p className="muted" data-testid="miss-summary">
              {t('missQueries.summary', { candidates: formatNumber(data.candidates, i18n.language), groups: formatNumber(data.total_groups, i18n.language) })}
              {data.capped && <> {t('missQueries.capped', { limit: formatNumber(data.candidate_limit, i18n.language) })}</>}
            </p>
            <div className="stack" role="list" data-testid="miss-groups">
              {data.groups.map((g) => (
                <section key={g.representative_trace_id} className="card stack" role="listitem" data-testid="miss-group">
                  <div className="row wrap">
                    <strong>#{g.rank}</strong>
                    <span className="badge badge-neutral">{t('missQueries.count', { count: g.count })}</span>
                    <span className="muted">{t('missQueries.lastSeen', { time: formatTime(g.last_seen) })}</span>
                    {canWrite && (
                      <AddToDatasetDialog traceId={g.representative_trace_id} spanId={null} defaultExpected={JSON.stringify(data.expected_output_stub, null, 2)} />
                    )}
                    {canWrite && <AddToQueueDialog traceIds={g.examples.map((e) => e.trace_id)} source="miss-query" sourceRef={g.representative_input} />}
                  </div>
                  <blockquote>{g.representative_input}</blockquote>
                  <Reasons group={g} />
                  <details>
                    <summary>{t('missQueries.examples', { count: g.examples.length })}</summary>
                    <ul className="stack">
                      {g.examples.map((e) => (
                        <li key={e.trace_id}>
                          <Link to={`/traces/${encodeURIComponent(e.trace_id)}`}>{e.trace_id}</Link> <span className="muted">{formatTime(e.start_time)}</span> — {e.input_text}
                        </li>
                      ))}
                    </ul>
                  </details>
                </section>
              ))}
            </div>
          </div>
        )}
      </QueryView>
    </div>
  );
}
