/** Sessions: conversations grouped by session_id, newest first, with search. */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CostText } from '../../../shared/components/CostText';
import { DataTable } from '../../../shared/components/DataTable';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { QueryView, noItems } from '../../../shared/components/QueryView';
import { formatNumber, formatTime } from '../../../shared/format';
import { traceSnippets } from '../../../shared/snippets';
import { useSessions } from '../api';
import { SessionUsers } from './SessionUsers';

/** The page; search and page live in the URL. */
export function SessionListPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const search = params.get('search') ?? undefined;
  const sessions = useSessions({ page, search });
  return (
    <div className="page">
      <PageHeader title={t('sessions.title')} subtitle={t('sessions.subtitle')} />
      <form
        className="filters card filters-row"
        onSubmit={(e) => {
          e.preventDefault();
          const value = new FormData(e.currentTarget).get('search')?.toString().trim();
          setParams(value ? { search: value } : {});
        }}
      >
        <input type="search" name="search" className="search-input" defaultValue={search} placeholder={t('sessions.searchPlaceholder')} aria-label={t('sessions.search')} />
        <button type="submit" className="btn">
          {t('common.search')}
        </button>
      </form>
      <QueryView query={sessions} isEmpty={noItems} empty={<EmptyState title={t('sessions.emptyTitle')} hint={t('sessions.emptyHint')} snippets={traceSnippets().slice(1, 2)} />}>
        {(data) => (
          <>
            <DataTable
              testId="session-table"
              rows={data.items}
              rowKey={(s) => s.session_id}
              columns={[
                { id: 'session', header: t('sessions.session'), cell: (s) => <Link to={`/sessions/${encodeURIComponent(s.session_id)}`}>{s.session_id}</Link> },
                { id: 'traces', header: t('sessions.traces'), numeric: true, cell: (s) => formatNumber(s.trace_count, i18n.language) },
                { id: 'users', header: t('sessions.users'), cell: (s) => <SessionUsers session={s} /> },
                { id: 'first', header: t('sessions.first'), cellClassName: 'nowrap', cell: (s) => formatTime(s.first_time) },
                { id: 'last', header: t('sessions.last'), cellClassName: 'nowrap', cell: (s) => formatTime(s.last_time) },
                { id: 'errors', header: t('sessions.errors'), numeric: true, cell: (s) => formatNumber(s.error_count, i18n.language) },
                { id: 'tokens', header: t('sessions.tokens'), numeric: true, cell: (s) => formatNumber(s.total_tokens, i18n.language) },
                { id: 'cost', header: t('sessions.cost'), numeric: true, cell: (s) => <CostText cost={s.cost} unpriced={s.unpriced_span_count} /> },
              ]}
            />
            <Pagination page={page} pageSize={data.page_size} total={data.total} onPage={(p) => setParams({ ...(search ? { search } : {}), page: String(p) })} />
          </>
        )}
      </QueryView>
    </div>
  );
}
