/** The trace detail page (span tree, waterfall, LangGraph, payloads, events, amendments, evals, decisions). */
export { TraceDetailPage } from './components/TraceDetailPage';
export { AddToDatasetDialog } from './components/AddToDatasetDialog';
