/** Top miss-queries: inputs the application answered badly, grouped by similar text. */
export { MissQueriesPage } from './components/MissQueriesPage';
