/**
 * Finding the Trace Hub dataset and experiment run a Langfuse dataset route names (by Langfuse
 * dataset name or id, and run name), over the dataset and experiment services.
 */
import type { DatasetView, ExperimentDetail } from '@tracehub/core';
import type { DatasetService } from '../datasets/dataset-service.js';
import type { ExperimentService } from '../experiments/experiment-service.js';
import { NotFoundError } from '../domain-errors.js';
import { datasetRef, traceHubDatasetName, type DatasetRef } from './datasets.js';
import { datasetRunId } from './dataset-runs.js';

/** Lookups of Langfuse datasets and runs. */
export function createDatasetLookup({ datasets, experiments }: { datasets: DatasetService; experiments: ExperimentService }) {
  async function findDataset(projectId: string, name: string): Promise<DatasetView | null> {
    const id = traceHubDatasetName(name);
    return (await datasets.list(projectId)).items.find((d) => d.name === id) ?? null;
  }

  /** The experiment run of this id, or null. */
  async function findExperiment(projectId: string, runId: string): Promise<ExperimentDetail | null> {
    return experiments.get(projectId, runId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  }

  return {
    findDataset,
    findExperiment,

    /** The Trace Hub dataset of a Langfuse dataset name (or id). */
    async requireDataset(projectId: string, name: string): Promise<DatasetView> {
      const found = await findDataset(projectId, name);
      if (!found) throw new NotFoundError(`Dataset "${name}" was not found in this project.`);
      return found;
    },

    /** The Langfuse name and id of a Trace Hub dataset. */
    async datasetRefOf(projectId: string, datasetName: string): Promise<DatasetRef> {
      const found = (await datasets.list(projectId)).items.find((d) => d.name === datasetName);
      return found ? datasetRef(found) : { id: datasetName, name: datasetName };
    },

    /** The run of a dataset (Trace Hub name) by its Langfuse run name: the Langfuse run, else a Trace Hub run of that name. */
    async findRun(projectId: string, dataset: string, runName: string): Promise<ExperimentDetail> {
      const own = await findExperiment(projectId, datasetRunId(dataset, runName));
      if (own) return own;
      const [other] = (await experiments.list(projectId, { dataset_name: dataset, name: runName, page: 1, page_size: 1 })).items;
      if (!other) throw new NotFoundError(`Dataset "${dataset}" has no run named "${runName}".`);
      return experiments.get(projectId, other.run_id);
    },

    /** The names of a dataset's runs (at most 200). */
    async runNames(projectId: string, dataset: string): Promise<string[]> {
      return (await experiments.list(projectId, { dataset_name: dataset, page: 1, page_size: 200 })).items.map((r) => r.name);
    },
  };
}

/** The Langfuse dataset lookups. */
export type DatasetLookup = ReturnType<typeof createDatasetLookup>;
