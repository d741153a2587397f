/** Experiment runs: dataset × prompt × model with pass rate and score; pick two to compare. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatPercent, formatTime } from '../../../shared/format';
import { experimentSnippet } from '../../../shared/snippets';
import { useExperiments } from '../api';

const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** The page. */
export function ExperimentListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const runs = useExperiments(page);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  return (
    <div className="page">
      <PageHeader
        title={t('experiments.title')}
        subtitle={t('experiments.subtitle')}
        actions={
          <button
            type="button"
            className="btn btn-primary"
            disabled={picked.length !== 2}
            onClick={() => navigate(`/experiments/compare?a=${encodeURIComponent(picked[0])}&b=${encodeURIComponent(picked[1])}`)}
          >
            {t('experiments.compareSelected')}
          </button>
        }
      />
      {runs.isPending ? (
        <Loading />
      ) : runs.error ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.data.items.length === 0 ? (
        <EmptyState title={t('experiments.emptyTitle')} hint={t('experiments.emptyHint')} snippets={[experimentSnippet()]} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="experiment-table">
              <thead>
                <tr>
                  <th aria-label={t('experiments.pick')} />
                  <th>{t('experiments.name')}</th>
                  <th>{t('experiments.status')}</th>
                  <th>{t('experiments.dataset')}</th>
                  <th>{t('experiments.prompt')}</th>
                  <th>{t('experiments.model')}</th>
                  <th className="num">{t('experiments.items')}</th>
                  <th className="num">{t('experiments.passRate')}</th>
                  <th className="num">{t('experiments.meanScore')}</th>
                  <th>{t('experiments.started')}</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.items.map((r) => (
                  <tr key={r.run_id}>
                    <td>
                      <input type="checkbox" aria-label={t('experiments.pickRun', { run: r.name })} checked={picked.includes(r.run_id)} onChange={() => toggle(r.run_id)} />
                    </td>
                    <td>
                      <Link to={`/experiments/${encodeURIComponent(r.run_id)}`}>{r.name}</Link>
                      <div className="muted small">{r.run_id}</div>
                    </td>
                    <td>
                      <StatusBadge value={t(`experiments.runStatus.${r.status}`)} tone={r.status === 'completed' ? 'ok' : r.status === 'running' ? 'info' : 'bad'} />
                    </td>
                    <td>
                      {r.dataset_name}
                      {r.dataset_version ? ` v${r.dataset_version}` : ''}
                    </td>
                    <td>{r.prompt_name ? `${r.prompt_name}${r.prompt_version ? ` v${r.prompt_version}` : ''}` : '—'}</td>
                    <td>{r.model_name}</td>
                    <td className="num">{r.item_count}</td>
                    <td className="num">{formatPercent(num(r.summary.pass_rate))}</td>
                    <td className="num">{num(r.summary.mean_score)?.toFixed(3) ?? '—'}</td>
                    <td className="nowrap">{formatTime(r.started_at ?? r.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={runs.data.page_size} total={runs.data.total} onPage={(p) => setParams({ page: String(p) })} />
        </>
      )}
    </div>
  );
}
