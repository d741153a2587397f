/** Datasets: list, versions, items, editing expected values. */
export { DatasetListPage } from './components/DatasetListPage';
export { DatasetDetailPage } from './components/DatasetDetailPage';
export { useDatasets, useDataset } from './api';
