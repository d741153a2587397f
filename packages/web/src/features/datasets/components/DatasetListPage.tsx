/** Datasets: name, description, latest version and item count. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatNumber, formatTime } from '../../../shared/format';
import { datasetSnippets } from '../../../shared/snippets';
import { useDatasets } from '../api';

/** The page. */
export function DatasetListPage() {
  const { t, i18n } = useTranslation();
  const datasets = useDatasets();
  return (
    <div className="page">
      <PageHeader title={t('datasets.title')} subtitle={t('datasets.subtitle')} />
      {datasets.isPending ? (
        <Loading />
      ) : datasets.error ? (
        <ErrorState error={datasets.error} onRetry={() => void datasets.refetch()} />
      ) : datasets.data.items.length === 0 ? (
        <EmptyState title={t('datasets.emptyTitle')} hint={t('datasets.emptyHint')} snippets={datasetSnippets()} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="dataset-table">
            <thead>
              <tr>
                <th>{t('datasets.name')}</th>
                <th>{t('datasets.description')}</th>
                <th className="num">{t('datasets.version')}</th>
                <th className="num">{t('datasets.items')}</th>
                <th>{t('datasets.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {datasets.data.items.map((d) => (
                <tr key={d.name}>
                  <td>
                    <Link to={`/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link>
                  </td>
                  <td className="muted">{d.description ?? ''}</td>
                  <td className="num">v{d.latest_version}</td>
                  <td className="num">{formatNumber(d.item_count, i18n.language)}</td>
                  <td className="nowrap">{formatTime(d.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
