/** The trace list's columns: which exist, how each cell renders, and the user's choice (localStorage). */
import { useState, type ReactNode } from 'react';
import type { TraceListItem } from '@tracehub/core';
import { CostText } from '../../shared/components/CostText';
import { turnText } from '../../shared/components/message-shapes';
import { ScoreBadges } from '../../shared/components/scores';
import { StatusBadge } from '../../shared/components/StatusBadge';
import { formatDuration, formatNumber, formatTime } from '../../shared/format';
import type { SortField } from './list-params';

/** Column ids. */
export const COLUMN_IDS = [
  'start_time',
  'name',
  'status',
  'input',
  'output',
  'latency',
  'model',
  'environment',
  'user_id',
  'session_id',
  'tokens',
  'cost',
  'spans',
  'decision',
  'tags',
  'trace_id',
  'scores',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

/** The catalogue key of a column's label (the optional Scores column's text lives with the other score texts). */
export const columnLabelKey = (id: ColumnId) => (id === 'scores' ? ('scores.column' as const) : (`traces.col.${id}` as const));

/** Shown until the user chooses (the Scores column is optional). */
export const DEFAULT_COLUMNS: ColumnId[] = ['start_time', 'name', 'status', 'input', 'latency', 'model', 'tokens', 'cost', 'decision'];

/** The sort field behind a column, if it sorts. */
export const COLUMN_SORT: Partial<Record<ColumnId, SortField>> = {
  start_time: 'start_time',
  name: 'name',
  latency: 'latency_ms',
  tokens: 'total_tokens',
  cost: 'cost',
  spans: 'span_count',
};

/** Numeric columns are right-aligned. */
export const NUMERIC: ReadonlySet<ColumnId> = new Set(['latency', 'tokens', 'cost', 'spans']);

/**
 * Cell classes that keep the default columns inside the list at 1280 px and wider: the input and
 * output texts take the room left and are cut with an ellipsis, names and models stay on one line.
 */
export const COLUMN_CLASS: Partial<Record<ColumnId, string>> = {
  start_time: 'nowrap',
  status: 'nowrap',
  input: 'col-text',
  output: 'col-text',
  decision: 'nowrap',
};

/** One line, cut with an ellipsis past the column's width; the whole value on hover. */
const oneLine = (value: string | null, className = 'ellipsis') => (value ? <span className={className} title={value}>{value}</span> : '');

const clip = (text: string | null, n = 120) => (text == null ? '' : text.length > n ? `${text.slice(0, n)}…` : text);

/** A cell's content. */
export function renderCell(id: ColumnId, trace: TraceListItem, lang: string): ReactNode {
  switch (id) {
    case 'start_time':
      return <span className="nowrap">{formatTime(trace.start_time)}</span>;
    case 'name':
      return trace.name ? oneLine(trace.name) : <span className="muted">—</span>;
    case 'status':
      return (
        <>
          <StatusBadge value={trace.status} />
          {trace.has_open_spans && <span className="badge badge-warn open-spans" title="open spans">● {trace.open_span_count}</span>}
        </>
      );
    case 'input':
      // A message list shows its last user message; an answer message its text.
      return <span className="clip">{clip(turnText(trace.input_text, 'user'))}</span>;
    case 'output':
      return <span className="clip">{clip(turnText(trace.output_text))}</span>;
    case 'latency':
      return formatDuration(trace.latency_ms);
    case 'model':
      return oneLine(trace.model);
    case 'environment':
      return oneLine(trace.environment);
    case 'user_id':
      return oneLine(trace.user_id);
    case 'session_id':
      return oneLine(trace.session_id);
    case 'tokens':
      return formatNumber(trace.total_tokens, lang);
    case 'cost':
      return <CostText cost={trace.cost} unpriced={trace.unpriced_span_count} />;
    case 'spans':
      return formatNumber(trace.span_count, lang);
    case 'decision': {
      const action = (trace.decision as { action?: string } | null)?.action;
      return action ? (
        <span className="ellipsis decision-cell" title={action}>
          <StatusBadge value={action} />
        </span>
      ) : (
        ''
      );
    }
    case 'tags':
      return trace.tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ));
    case 'trace_id':
      return <code className="small">{trace.trace_id}</code>;
    case 'scores':
      return <ScoreBadges scores={trace.scores} />;
  }
}

/** A list of strings remembered in localStorage under `key`: `keep` picks the valid entries, `fallback` when none. */
function useStoredList<T extends string>(key: string, keep: (value: unknown) => value is T, fallback: T[], order: (next: T[]) => T[]): [T[], (next: T[]) => void] {
  const [list, setList] = useState<T[]>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as unknown;
      if (Array.isArray(saved)) {
        const valid = saved.filter(keep);
        if (valid.length) return valid;
      }
    } catch {
      // fall back to the defaults
    }
    return fallback;
  });
  const save = (next: T[]) => {
    const ordered = order(next);
    setList(ordered);
    try {
      localStorage.setItem(key, JSON.stringify(ordered));
    } catch {
      // storage unavailable
    }
  };
  return [list, save];
}

const isColumnId = (c: unknown): c is ColumnId => (COLUMN_IDS as readonly unknown[]).includes(c);
const isName = (c: unknown): c is string => typeof c === 'string' && c.length > 0;

/** React hook: the chosen columns (in the canonical order) and a setter that remembers them. */
export function useColumns(): [ColumnId[], (columns: ColumnId[]) => void] {
  return useStoredList('tracehub.traceColumns', isColumnId, DEFAULT_COLUMNS, (next) => COLUMN_IDS.filter((c) => next.includes(c)));
}

/** React hook: evaluation names shown as columns of their own (optional, none by default), remembered. */
export function useScoreColumns(): [string[], (names: string[]) => void] {
  return useStoredList('tracehub.traceScoreColumns', isName, [], (next) => [...new Set(next)].sort());
}
