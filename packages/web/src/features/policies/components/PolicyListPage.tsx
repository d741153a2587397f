/** Policies: name, versions, which one is active and in force. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DataTable } from '../../../shared/components/DataTable';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView, noItems } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { policySnippet } from '../../../shared/snippets';
import { usePolicies } from '../api';

/** The page. */
export function PolicyListPage() {
  const { t } = useTranslation();
  const policies = usePolicies();
  return (
    <div className="page">
      <PageHeader title={t('policies.title')} subtitle={t('policies.subtitle')} />
      <QueryView query={policies} isEmpty={noItems} empty={<EmptyState title={t('policies.emptyTitle')} hint={t('policies.emptyHint')} snippets={[policySnippet()]} />}>
        {(data) => (
          <DataTable
            testId="policy-table"
            rows={data.items}
            rowKey={(p) => p.policy_id}
            columns={[
              { id: 'name', header: t('policies.name'), cell: (p) => <Link to={`/policies/${encodeURIComponent(p.policy_id)}`}>{p.name}</Link> },
              { id: 'description', header: t('policies.description'), cellClassName: 'muted', cell: (p) => p.description ?? '' },
              { id: 'latest', header: t('policies.latest'), numeric: true, cell: (p) => `v${p.latest_version}` },
              { id: 'active', header: t('policies.active'), numeric: true, cell: (p) => (p.active_version ? `v${p.active_version}` : '—') },
              { id: 'inForce', header: t('policies.inForce'), numeric: true, cell: (p) => (p.effective_version ? `v${p.effective_version}` : '—') },
              { id: 'updated', header: t('policies.updated'), cellClassName: 'nowrap', cell: (p) => formatTime(p.updated_at) },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
