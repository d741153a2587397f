/** Experiments: runs, one run's items and scores, and the comparison of two runs or several. */
export { ExperimentListPage } from './components/ExperimentListPage';
export { ExperimentDetailPage } from './components/ExperimentDetailPage';
export { ExperimentComparePage } from './components/ExperimentComparePage';
export { ExperimentMatrixPage } from './components/ExperimentMatrixPage';
