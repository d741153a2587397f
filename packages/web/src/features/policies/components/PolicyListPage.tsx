/** Policies: name, versions, which one is active and in force. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
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
      {policies.isPending ? (
        <Loading />
      ) : policies.error ? (
        <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />
      ) : policies.data.items.length === 0 ? (
        <EmptyState title={t('policies.emptyTitle')} hint={t('policies.emptyHint')} snippets={[policySnippet()]} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="policy-table">
            <thead>
              <tr>
                <th>{t('policies.name')}</th>
                <th>{t('policies.description')}</th>
                <th className="num">{t('policies.latest')}</th>
                <th className="num">{t('policies.active')}</th>
                <th className="num">{t('policies.inForce')}</th>
                <th>{t('policies.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {policies.data.items.map((p) => (
                <tr key={p.policy_id}>
                  <td>
                    <Link to={`/policies/${encodeURIComponent(p.policy_id)}`}>{p.name}</Link>
                  </td>
                  <td className="muted">{p.description ?? ''}</td>
                  <td className="num">v{p.latest_version}</td>
                  <td className="num">{p.active_version ? `v${p.active_version}` : '—'}</td>
                  <td className="num">{p.effective_version ? `v${p.effective_version}` : '—'}</td>
                  <td className="nowrap">{formatTime(p.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
