/** A/B tests: list, create form, and results with intervals and the verdict. */
export { AbTestsPage } from './components/AbTestsPage';
export { AbTestsPanel } from './components/AbTestsPanel';
