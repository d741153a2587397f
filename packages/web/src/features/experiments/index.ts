/** Experiments: runs, one run's items and scores, and the comparison of two runs. */
export { ExperimentListPage } from './components/ExperimentListPage';
export { ExperimentDetailPage } from './components/ExperimentDetailPage';
export { ExperimentComparePage } from './components/ExperimentComparePage';
