/** The trace table: chosen columns, sortable headers, j/k or arrow keys to move and Enter to open. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import type { TraceListItem } from '@tracehub/core';
import { DataTable, type DataColumn } from '../../../shared/components/DataTable';
import { ScoreBadge } from '../../../shared/components/scores';
import { COLUMN_CLASS, COLUMN_SORT, columnLabelKey, NUMERIC, renderCell, type ColumnId } from '../columns';
import type { SortField, TraceListParams } from '../list-params';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** The table; `onSort` receives the field and direction a header click asks for. */
export function TraceTable({
  items,
  columns,
  sort,
  onSort,
  scoreColumns = [],
}: {
  items: TraceListItem[];
  columns: ColumnId[];
  /** Evaluation names shown as columns of their own, after the chosen columns. */
  scoreColumns?: string[];
  sort: TraceListParams['sort'];
  onSort: (field: SortField, direction: 'asc' | 'desc') => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [cursor, setCursor] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const from = `${location.pathname}${location.search}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page of items moves the cursor back to the first row
  useEffect(() => setCursor(0), [items]);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (typingInField(e.target) || e.metaKey || e.ctrlKey || e.altKey || items.length === 0) return;
      if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault();
        setCursor((c) => Math.min(items.length - 1, c + 1));
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        setCursor((c) => Math.max(0, c - 1));
      } else if (e.key === 'Enter' && items[cursor] && !(e.target as HTMLElement)?.closest?.('a,button')) {
        e.preventDefault();
        navigate(`/traces/${encodeURIComponent(items[cursor].trace_id)}`, { state: { from } });
      } else if (e.key === '/') {
        e.preventDefault();
        document.getElementById('trace-search')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, cursor, navigate, from]);
  useEffect(() => {
    body.current?.children[cursor]?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const header = (id: ColumnId) => {
    const field = COLUMN_SORT[id];
    const label = t(columnLabelKey(id));
    if (!field) return label;
    const activeSort = sort.field === field;
    const next = activeSort && sort.direction === 'desc' ? 'asc' : 'desc';
    return (
      <button type="button" className="sort-button" onClick={() => onSort(field, next)} aria-label={t('traces.sortBy', { column: label })}>
        {label}
        {activeSort ? (sort.direction === 'desc' ? ' ↓' : ' ↑') : ''}
      </button>
    );
  };

  const tableColumns: DataColumn<TraceListItem>[] = columns.map((id, i) => ({
    id,
    header: header(id),
    numeric: NUMERIC.has(id),
    cellClassName: COLUMN_CLASS[id],
    sort: COLUMN_SORT[id] === sort.field ? (sort.direction === 'desc' ? 'descending' : 'ascending') : undefined,
    cell: (trace) =>
      i === 0 ? (
        <Link to={`/traces/${encodeURIComponent(trace.trace_id)}`} state={{ from }} className="row-link">
          {renderCell(id, trace, i18n.language)}
        </Link>
      ) : (
        renderCell(id, trace, i18n.language)
      ),
  }));

  for (const name of scoreColumns) {
    tableColumns.push({
      id: `score:${name}`,
      header: <span title={t('scores.columnOf', { name })}>{name}</span>,
      numeric: true,
      cell: (trace) => {
        const score = trace.scores.find((s) => s.name === name);
        return score ? <ScoreBadge score={score} showName={false} /> : '';
      },
    });
  }

  return (
    <DataTable
      testId="trace-table"
      className="trace-table"
      columns={tableColumns}
      rows={items}
      rowKey={(trace) => trace.trace_id}
      bodyRef={body}
      rowProps={(trace, index) => ({
        className: index === cursor ? 'row-cursor' : undefined,
        'aria-selected': index === cursor,
        onMouseEnter: () => setCursor(index),
        onClick: (e) => {
          if (!(e.target as HTMLElement).closest('a,button')) navigate(`/traces/${encodeURIComponent(trace.trace_id)}`, { state: { from } });
        },
      })}
    />
  );
}
