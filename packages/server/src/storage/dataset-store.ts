/** The storage seam of datasets: immutable versions over item revisions. */

/** A dataset; `latest_version` is 0 until the first items arrive. */
export interface DatasetRow {
  project_id: string;
  name: string;
  description: string | null;
  /** JSON text. */
  metadata: string;
  latest_version: number;
  created_at: number;
  updated_at: number;
}

/** One immutable dataset version: its content hash and what changed from the one before. */
export interface DatasetVersionRow {
  project_id: string;
  name: string;
  version: number;
  sha256: string;
  item_count: number;
  added: number;
  updated: number;
  removed: number;
  message: string | null;
  created_at: number;
}

/** One item revision: part of every version v with valid_from <= v < valid_to (null = still current). */
export interface DatasetItemRow {
  project_id: string;
  dataset_name: string;
  item_id: string;
  valid_from: number;
  valid_to: number | null;
  /** JSON text. */
  input: string;
  /** JSON text, or null when there is none. */
  expected_output: string | null;
  /** JSON text. */
  metadata: string;
  source_trace_id: string | null;
  source_span_id: string | null;
  status: 'active' | 'archived';
  /** sha256 of the item's canonical content. */
  content_hash: string;
  created_at: number;
}

/** Writes available inside one dataset transaction (which holds that dataset's lock). */
export interface DatasetWriteTx {
  getDataset(projectId: string, name: string): Promise<DatasetRow | null>;
  /** Inserts or replaces the dataset row. */
  putDataset(row: DatasetRow): Promise<void>;
  /** Item revisions of the current version (valid_to null). */
  currentItems(projectId: string, name: string): Promise<DatasetItemRow[]>;
  /** Ends the current revisions of these items at `version`. */
  closeItems(projectId: string, name: string, itemIds: string[], version: number): Promise<void>;
  addItems(rows: DatasetItemRow[]): Promise<void>;
  addVersion(row: DatasetVersionRow): Promise<void>;
}

/** Datasets, their versions and items. */
export interface DatasetStore {
  /** Runs `work` in one write transaction that serialises writers of the same dataset. */
  write<T>(projectId: string, name: string, work: (tx: DatasetWriteTx) => Promise<T>): Promise<T>;
  listDatasets(projectId: string): Promise<DatasetRow[]>;
  getDataset(projectId: string, name: string): Promise<DatasetRow | null>;
  listVersions(projectId: string, name: string): Promise<DatasetVersionRow[]>;
  getVersion(projectId: string, name: string, version: number): Promise<DatasetVersionRow | null>;
  /** The item revisions that make up `version`, ordered by item id. */
  itemsAt(projectId: string, name: string, version: number): Promise<DatasetItemRow[]>;
  /** The current revision of an item with this id in any dataset of the project (the first dataset by name), or null. */
  findCurrentItem(projectId: string, itemId: string): Promise<DatasetItemRow | null>;
}
