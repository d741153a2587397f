/** The trace list (filters, search, sort, pagination, columns, keyboard navigation). */
export { TraceListPage } from './components/TraceListPage';
export { renderCell, type ColumnId } from './columns';
