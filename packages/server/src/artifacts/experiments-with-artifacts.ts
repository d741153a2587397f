/** Deleting a run deletes its artifacts too. */
import type { ExperimentService } from '../experiments/experiment-service.js';
import type { ArtifactService } from './artifact-service.js';

/** The experiment service whose `remove` also removes the run's artifacts. */
export function removingArtifacts(experiments: ExperimentService, artifacts: Pick<ArtifactService, 'removeRun'>): ExperimentService {
  return {
    ...experiments,
    async remove(projectId, runId) {
      await experiments.remove(projectId, runId);
      await artifacts.removeRun(projectId, runId);
    },
  };
}
