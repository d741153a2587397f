/** Cases: escalations to review, filtered by status. */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { Tabs } from '../../../shared/components/Tabs';
import { formatTime } from '../../../shared/format';
import { decideSnippet, policySnippet } from '../../../shared/snippets';
import { useCases } from '../api';

type StatusTab = 'open' | 'acknowledged' | 'resolved' | 'all';

/** The page; status and page live in the URL. */
export function CaseListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as StatusTab | null) ?? 'open';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const cases = useCases(status === 'all' ? undefined : status, page);
  return (
    <div className="page">
      <PageHeader title={t('cases.title')} subtitle={t('cases.subtitle')} />
      <Tabs<StatusTab>
        items={[
          { key: 'open', label: t('status.open') },
          { key: 'acknowledged', label: t('status.acknowledged') },
          { key: 'resolved', label: t('status.resolved') },
          { key: 'all', label: t('cases.all') },
        ]}
        active={status}
        onChange={(s) => setParams({ status: s })}
      />
      {cases.isPending ? (
        <Loading />
      ) : cases.error ? (
        <ErrorState error={cases.error} onRetry={() => void cases.refetch()} />
      ) : cases.data.items.length === 0 ? (
        <EmptyState title={t('cases.emptyTitle')} hint={t('cases.emptyHint')} snippets={[policySnippet(), decideSnippet()]} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="case-table">
              <thead>
                <tr>
                  <th>{t('cases.case')}</th>
                  <th>{t('cases.status')}</th>
                  <th>{t('cases.severity')}</th>
                  <th>{t('cases.reason')}</th>
                  <th>{t('cases.trace')}</th>
                  <th>{t('cases.created')}</th>
                  <th>{t('cases.handledBy')}</th>
                </tr>
              </thead>
              <tbody>
                {cases.data.items.map((c) => (
                  <tr key={c.case_id}>
                    <td>
                      <Link to={`/cases/${encodeURIComponent(c.case_id)}`}>
                        <code className="small">{c.case_id.slice(0, 12)}</code>
                      </Link>
                    </td>
                    <td>
                      <StatusBadge value={c.status} />
                    </td>
                    <td>
                      <span className={`badge badge-${c.severity === 'high' || c.severity === 'critical' ? 'bad' : 'warn'}`}>{c.severity}</span>
                    </td>
                    <td>{c.reason_code}</td>
                    <td>
                      <Link to={`/traces/${encodeURIComponent(c.trace_id)}`}>
                        <code className="small">{c.trace_id}</code>
                      </Link>
                    </td>
                    <td className="nowrap">{formatTime(c.created_at)}</td>
                    <td>{c.resolved_by ?? c.acknowledged_by ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={cases.data.page_size} total={cases.data.total} onPage={(p) => setParams({ status, page: String(p) })} />
        </>
      )}
    </div>
  );
}
