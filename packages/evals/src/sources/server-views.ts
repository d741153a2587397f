/** The server answers the sources read (types from the core schemas). */
import type { DatasetItemView, DatasetVersionView, DatasetView } from '@tracehub/core';
export type { PromptVersionView } from '@tracehub/core';

/** `GET /datasets/{name}`. */
export interface DatasetDetailView {
  dataset: DatasetView;
  version: DatasetVersionView | null;
  items: DatasetItemView[];
}
