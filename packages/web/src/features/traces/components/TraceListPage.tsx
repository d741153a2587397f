/** The trace list page: search, filters, sort, pagination and columns, all kept in the URL. */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { QueryView, noItems } from '../../../shared/components/QueryView';
import { formatCount } from '../../../shared/format';
import { traceSnippets } from '../../../shared/snippets';
import { useTraceList } from '../api';
import { useColumns, useScoreColumns } from '../columns';
import { PAGE_SIZES, readListParams, withChanges } from '../list-params';
import { ColumnPicker } from './ColumnPicker';
import { TraceFilters } from './TraceFilters';
import { TraceTable } from './TraceTable';
import { usePermissions } from '../../auth';
import { AddToQueueDialog } from '../../annotation-queues';

/** The page. */
export function TraceListPage() {
  const { t, i18n } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readListParams(searchParams);
  const list = useTraceList(params);
  const [columns, setColumns] = useColumns();
  const [scoreColumns, setScoreColumns] = useScoreColumns();
  // Evaluation names on this page, and those already chosen, can be columns of their own.
  const scoreNames = [...new Set([...scoreColumns, ...(list.data?.items ?? []).flatMap((item) => item.scores.map((s) => s.name))])].sort();
  const change = (changes: Record<string, string | undefined>) => setSearchParams(withChanges(searchParams, changes));
  const filtered = Object.keys(params.filters).length > 0;
  const { canWrite } = usePermissions();

  return (
    <div className="page">
      <PageHeader
        title={t('traces.title')}
        subtitle={list.data ? t('traces.count', { n: formatCount(list.data.total, i18n.language, list.data.total_is_lower_bound) }) : undefined}
        actions={
          <>
            <span className="muted small keyboard-hint">{t('traces.keyboardHint')}</span>
            {canWrite && <AddToQueueDialog filter={{ ...params.filters, sort: `${params.sort.field}:${params.sort.direction}` }} />}
            <ColumnPicker columns={columns} onChange={setColumns} scoreNames={scoreNames} scoreColumns={scoreColumns} onScoreColumns={setScoreColumns} />
          </>
        }
      />
      <TraceFilters filters={params.filters} onChange={change} />
      <QueryView
        query={list}
        isEmpty={noItems}
        empty={
          filtered ? (
            <EmptyState title={t('traces.noMatchTitle')} hint={t('traces.noMatchHint')} />
          ) : (
            <EmptyState title={t('traces.emptyTitle')} hint={t('traces.emptyHint')} snippets={traceSnippets()} />
          )
        }
      >
        {(data) => (
          <div className={list.isPlaceholderData ? 'stale' : undefined}>
            <TraceTable
              items={data.items}
              columns={columns}
              scoreColumns={scoreColumns}
              sort={params.sort}
              onSort={(field, direction) => change({ sort: `${field}:${direction}` })}
            />
            <div className="list-footer">
              <Pagination page={params.page} pageSize={params.pageSize} total={data.total} lowerBound={data.total_is_lower_bound} onPage={(page) => change({ page: String(page) })} />
              <label className="page-size">
                {t('common.pageSize')}
                <select value={params.pageSize} onChange={(e) => change({ page_size: e.target.value })}>
                  {PAGE_SIZES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>
        )}
      </QueryView>
    </div>
  );
}
