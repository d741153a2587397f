/** Datasets: name, description, latest version and item count. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DataTable } from '../../../shared/components/DataTable';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView, noItems } from '../../../shared/components/QueryView';
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
      <QueryView query={datasets} isEmpty={noItems} empty={<EmptyState title={t('datasets.emptyTitle')} hint={t('datasets.emptyHint')} snippets={datasetSnippets()} />}>
        {(data) => (
          <DataTable
            testId="dataset-table"
            rows={data.items}
            rowKey={(d) => d.name}
            columns={[
              { id: 'name', header: t('datasets.name'), cell: (d) => <Link to={`/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link> },
              { id: 'description', header: t('datasets.description'), cellClassName: 'muted', cell: (d) => d.description ?? '' },
              { id: 'version', header: t('datasets.version'), numeric: true, cell: (d) => `v${d.latest_version}` },
              { id: 'items', header: t('datasets.items'), numeric: true, cell: (d) => formatNumber(d.item_count, i18n.language) },
              { id: 'updated', header: t('datasets.updated'), cellClassName: 'nowrap', cell: (d) => formatTime(d.updated_at) },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
