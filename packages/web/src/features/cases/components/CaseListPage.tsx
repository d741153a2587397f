/** Cases: escalations to review, filtered by status. */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { DataTable } from '../../../shared/components/DataTable';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { QueryView, noItems } from '../../../shared/components/QueryView';
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
      <QueryView query={cases} isEmpty={noItems} empty={<EmptyState title={t('cases.emptyTitle')} hint={t('cases.emptyHint')} snippets={[policySnippet(), decideSnippet()]} />}>
        {(data) => (
          <>
            <DataTable
              testId="case-table"
              rows={data.items}
              rowKey={(c) => c.case_id}
              columns={[
                {
                  id: 'case',
                  header: t('cases.case'),
                  cell: (c) => (
                    <Link to={`/cases/${encodeURIComponent(c.case_id)}`}>
                      {/* Case ids are time-ordered (UUIDv7): their start is the same for cases opened together, their end is random. */}
                      <code className="small" title={c.case_id}>
                        …{c.case_id.slice(-12)}
                      </code>
                    </Link>
                  ),
                },
                { id: 'status', header: t('cases.status'), cell: (c) => <StatusBadge value={c.status} /> },
                {
                  id: 'severity',
                  header: t('cases.severity'),
                  cell: (c) => <span className={`badge badge-${c.severity === 'high' || c.severity === 'critical' ? 'bad' : 'warn'}`}>{t(`cases.severityLevel.${c.severity}`, { defaultValue: c.severity })}</span>,
                },
                { id: 'reason', header: t('cases.reason'), cell: (c) => c.reason_code },
                {
                  id: 'trace',
                  header: t('cases.trace'),
                  cell: (c) => (
                    <Link to={`/traces/${encodeURIComponent(c.trace_id)}`}>
                      <code className="small">{c.trace_id}</code>
                    </Link>
                  ),
                },
                { id: 'created', header: t('cases.created'), cellClassName: 'nowrap', cell: (c) => formatTime(c.created_at) },
                { id: 'handledBy', header: t('cases.handledBy'), cell: (c) => c.resolved_by ?? c.acknowledged_by ?? '' },
              ]}
            />
            <Pagination page={page} pageSize={data.page_size} total={data.total} onPage={(p) => setParams({ status, page: String(p) })} />
          </>
        )}
      </QueryView>
    </div>
  );
}
