/** A table described by column definitions: header, cell render and alignment per column. */
import type { AriaAttributes, HTMLAttributes, ReactNode, Ref } from 'react';

/** One column: its header and how each row's cell renders. */
export interface DataColumn<T> {
  /** Stable key of the column. */
  id: string;
  /** Header content (empty for an action column). */
  header?: ReactNode;
  /** Accessible name of the header when it shows no text. */
  headerLabel?: string;
  /** `aria-sort` of the header, for sortable columns. */
  sort?: AriaAttributes['aria-sort'];
  /** Right-aligned (class `num` on header and cells). */
  numeric?: boolean;
  /** Extra class of the cells (e.g. `nowrap`, `muted`). */
  cellClassName?: string;
  /** The cell's content. */
  cell: (row: T, index: number) => ReactNode;
}

/** Attributes of one row (`data-*` included). */
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Partial<Record<`data-${string}`, string>>;

/** What a data table needs: columns, rows and each row's key. */
export interface DataTableProps<T> {
  columns: DataColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** `data-testid` of the table (the browser tests find tables by it). */
  testId?: string;
  /** Classes added to `table`. */
  className?: string;
  /** Per-row attributes (handlers, `data-*`, selection). */
  rowProps?: (row: T, index: number) => RowAttributes;
  /** Ref to the `tbody` (keyboard navigation scrolls its rows). */
  bodyRef?: Ref<HTMLTableSectionElement>;
}

const cellClass = (numeric: boolean | undefined, extra: string | undefined) => [numeric ? 'num' : '', extra ?? ''].filter(Boolean).join(' ') || undefined;

/** The table, wrapped in `.table-wrap` for horizontal scrolling. */
export function DataTable<T>({ columns, rows, rowKey, testId, className, rowProps, bodyRef }: DataTableProps<T>) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} className={c.numeric ? 'num' : undefined} aria-label={c.headerLabel} aria-sort={c.sort}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {rows.map((row, index) => (
            <tr key={rowKey(row)} {...rowProps?.(row, index)}>
              {columns.map((c) => (
                <td key={c.id} className={cellClass(c.numeric, c.cellClassName)}>
                  {c.cell(row, index)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
