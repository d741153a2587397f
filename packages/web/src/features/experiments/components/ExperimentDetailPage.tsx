/** One experiment run: link keys, summary, and every item with its evaluator scores. */
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatCost, formatDuration, formatTime } from '../../../shared/format';
import { useExperiment } from '../api';
import { ExperimentArtifacts } from './ExperimentArtifacts';

const LINK_KEYS = ['dataset_name', 'dataset_version', 'model_name', 'model_version', 'provider', 'prompt_name', 'prompt_version', 'retrieval_version', 'evaluation_profile', 'git_commit', 'git_branch', 'pipeline_version'] as const;

/** The page. */
export function ExperimentDetailPage() {
  const { t } = useTranslation();
  const { runId = '' } = useParams();
  const run = useExperiment(runId);
  const [open, setOpen] = useState<string | null>(null);
  const [onlyFailed, setOnlyFailed] = useState(false);
  if (run.isPending) return <Loading />;
  if (run.error) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  const { experiment: e, items } = run.data;
  const evaluators = [...new Set(items.flatMap((i) => Object.keys(i.scores)))].sort();
  const shown = onlyFailed ? items.filter((i) => !i.passed) : items;
  return (
    <div className="page">
      <Link to="/experiments" className="back-link">
        ← {t('experiments.title')}
      </Link>
      <PageHeader title={e.name} subtitle={<code>{e.run_id}</code>} actions={<StatusBadge value={t(`experiments.runStatus.${e.status}`)} tone={e.status === 'completed' ? 'ok' : 'warn'} />} />
      <section className="card">
        <dl className="facts facts-wide" data-testid="experiment-facts">
          {LINK_KEYS.filter((k) => e[k]).map((k) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{e[k]}</dd>
            </div>
          ))}
          <div>
            <dt>{t('experiments.started')}</dt>
            <dd>{formatTime(e.started_at)}</dd>
          </div>
          <div>
            <dt>{t('experiments.finished')}</dt>
            <dd>{formatTime(e.finished_at)}</dd>
          </div>
        </dl>
        <PayloadViewer title={t('experiments.summary')} value={e.summary} />
      </section>
      <ExperimentArtifacts runId={e.run_id} />
      <section className="card">
        <div className="section-head">
          <h2>{t('experiments.itemsTitle', { n: items.length })}</h2>
          <label className="checkbox">
            <input type="checkbox" checked={onlyFailed} onChange={(ev) => setOnlyFailed(ev.target.checked)} />
            {t('experiments.onlyFailed')}
          </label>
        </div>
        <div className="table-wrap">
          <table className="table" data-testid="experiment-items">
            <thead>
              <tr>
                <th>{t('experiments.item')}</th>
                <th>{t('experiments.result')}</th>
                <th className="num">{t('experiments.score')}</th>
                {evaluators.map((ev) => (
                  <th key={ev} className="num">
                    {ev}
                  </th>
                ))}
                <th className="num">{t('experiments.latency')}</th>
                <th className="num">{t('experiments.cost')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => (
                <Fragment key={item.key}>
                  <tr>
                    <td>
                      {item.item_id}
                      {item.repetition > 1 ? ` #${item.repetition}` : ''}
                      {item.trace_id && (
                        <>
                          {' '}
                          <Link to={`/traces/${encodeURIComponent(item.trace_id)}`} className="small">
                            {t('experiments.trace')}
                          </Link>
                        </>
                      )}
                    </td>
                    <td>{item.status === 'error' ? <StatusBadge value="error" /> : <StatusBadge value={item.passed ? 'passed' : 'failed'} />}</td>
                    <td className="num">{item.score?.toFixed(3) ?? '—'}</td>
                    {evaluators.map((ev) => {
                      const s = item.scores[ev];
                      return (
                        <td key={ev} className={`num ${s?.passed === false ? 'tone-bad' : ''}`}>
                          {s ? (s.score?.toFixed(2) ?? s.status) : ''}
                        </td>
                      );
                    })}
                    <td className="num">{formatDuration(item.latency_ms)}</td>
                    <td className="num">{formatCost(item.cost)}</td>
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => setOpen(open === item.key ? null : item.key)}>
                        {open === item.key ? t('common.hide') : t('common.details')}
                      </button>
                    </td>
                  </tr>
                  {open === item.key && (
                    <tr>
                      <td colSpan={6 + evaluators.length}>
                        <div className="io-grid">
                          <PayloadViewer title={t('experiments.input')} value={item.input} />
                          <PayloadViewer title={t('experiments.output')} value={item.output} />
                          <PayloadViewer title={t('experiments.expected')} value={item.expected} />
                        </div>
                        <PayloadViewer title={t('experiments.scores')} value={item.scores} />
                        {item.error && <div className="form-error">{item.error}</div>}
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
