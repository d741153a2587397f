/** Experiment runs: dataset × prompt × model with pass rate and score; pick two (or more, a matrix) to compare. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { DataTable } from '../../../shared/components/DataTable';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { QueryView, noItems } from '../../../shared/components/QueryView';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatPercent, formatTime } from '../../../shared/format';
import { experimentSnippet } from '../../../shared/snippets';
import { useExperiments } from '../api';

const num = (v: unknown) => (typeof v === 'number' ? v : null);
/** Most runs one comparison takes (core's MAX_MATRIX_RUNS; the web bundle imports only types from core). */
const MAX_MATRIX_RUNS = 12;

/** The page. */
export function ExperimentListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const runs = useExperiments(page);
  const [picked, setPicked] = useState<string[]>([]);
  // Up to MAX_MATRIX_RUNS runs: two open the two-run comparison, more the matrix (the first picked is the baseline).
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-MAX_MATRIX_RUNS)));
  const compare = () =>
    navigate(
      picked.length === 2
        ? `/experiments/compare?a=${encodeURIComponent(picked[0])}&b=${encodeURIComponent(picked[1])}`
        : `/experiments/matrix?runs=${picked.map(encodeURIComponent).join(',')}`,
    );
  return (
    <div className="page">
      <PageHeader
        title={t('experiments.title')}
        subtitle={t('experiments.subtitle')}
        actions={
          <button
            type="button"
            className="btn btn-primary"
            disabled={picked.length < 2}
            onClick={compare}
          >
            {picked.length > 2 ? t('experiments.compareMatrix', { n: picked.length }) : t('experiments.compareSelected')}
          </button>
        }
      />
      <QueryView query={runs} isEmpty={noItems} empty={<EmptyState title={t('experiments.emptyTitle')} hint={t('experiments.emptyHint')} snippets={[experimentSnippet()]} />}>
        {(data) => (
          <>
            <DataTable
              testId="experiment-table"
              rows={data.items}
              rowKey={(r) => r.run_id}
              columns={[
                {
                  id: 'pick',
                  headerLabel: t('experiments.pick'),
                  cell: (r) => <input type="checkbox" aria-label={t('experiments.pickRun', { run: r.name })} checked={picked.includes(r.run_id)} onChange={() => toggle(r.run_id)} />,
                },
                {
                  id: 'name',
                  header: t('experiments.name'),
                  cell: (r) => (
                    <>
                      <Link to={`/experiments/${encodeURIComponent(r.run_id)}`}>{r.name}</Link>
                      <div className="muted small">{r.run_id}</div>
                    </>
                  ),
                },
                {
                  id: 'status',
                  header: t('experiments.status'),
                  cell: (r) => <StatusBadge value={t(`experiments.runStatus.${r.status}`)} tone={r.status === 'completed' ? 'ok' : r.status === 'running' ? 'info' : 'bad'} />,
                },
                {
                  id: 'dataset',
                  header: t('experiments.dataset'),
                  cell: (r) => (
                    <>
                      {r.dataset_name}
                      {r.dataset_version ? ` v${r.dataset_version}` : ''}
                    </>
                  ),
                },
                { id: 'prompt', header: t('experiments.prompt'), cell: (r) => (r.prompt_name ? `${r.prompt_name}${r.prompt_version ? ` v${r.prompt_version}` : ''}` : '—') },
                { id: 'model', header: t('experiments.model'), cell: (r) => r.model_name },
                { id: 'items', header: t('experiments.items'), numeric: true, cell: (r) => r.item_count },
                { id: 'passRate', header: t('experiments.passRate'), numeric: true, cell: (r) => formatPercent(num(r.summary.pass_rate)) },
                { id: 'meanScore', header: t('experiments.meanScore'), numeric: true, cell: (r) => num(r.summary.mean_score)?.toFixed(3) ?? '—' },
                { id: 'started', header: t('experiments.started'), cellClassName: 'nowrap', cell: (r) => formatTime(r.started_at ?? r.created_at) },
              ]}
            />
            <Pagination page={page} pageSize={data.page_size} total={data.total} onPage={(p) => setParams({ page: String(p) })} />
          </>
        )}
      </QueryView>
    </div>
  );
}
