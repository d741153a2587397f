/** Sessions: conversations grouped by session_id, newest first, with search. */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { formatCost, formatNumber, formatTime } from '../../../shared/format';
import { traceSnippets } from '../../../shared/snippets';
import { useSessions } from '../api';

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
      {sessions.isPending ? (
        <Loading />
      ) : sessions.error ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <EmptyState title={t('sessions.emptyTitle')} hint={t('sessions.emptyHint')} snippets={traceSnippets().slice(1, 2)} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="session-table">
              <thead>
                <tr>
                  <th>{t('sessions.session')}</th>
                  <th className="num">{t('sessions.traces')}</th>
                  <th>{t('sessions.users')}</th>
                  <th>{t('sessions.first')}</th>
                  <th>{t('sessions.last')}</th>
                  <th className="num">{t('sessions.errors')}</th>
                  <th className="num">{t('sessions.tokens')}</th>
                  <th className="num">{t('sessions.cost')}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.items.map((s) => (
                  <tr key={s.session_id}>
                    <td>
                      <Link to={`/sessions/${encodeURIComponent(s.session_id)}`}>{s.session_id}</Link>
                    </td>
                    <td className="num">{formatNumber(s.trace_count, i18n.language)}</td>
                    <td>{s.user_ids.join(', ')}</td>
                    <td className="nowrap">{formatTime(s.first_time)}</td>
                    <td className="nowrap">{formatTime(s.last_time)}</td>
                    <td className="num">{formatNumber(s.error_count, i18n.language)}</td>
                    <td className="num">{formatNumber(s.total_tokens, i18n.language)}</td>
                    <td className="num">{formatCost(s.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={page}
            pageSize={sessions.data.page_size}
            total={sessions.data.total}
            onPage={(p) => setParams({ ...(search ? { search } : {}), page: String(p) })}
          />
        </>
      )}
    </div>
  );
}
