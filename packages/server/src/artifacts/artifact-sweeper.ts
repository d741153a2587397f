/** Artifact retention: sweeps once at start and then every hour (TRACEHUB_ARTIFACT_RETENTION_DAYS; docs/operations.md). */
import type { FastifyBaseLogger } from 'fastify';
import type { ArtifactService } from './artifact-service.js';

/** How often the sweep runs after the first. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** A running sweeper. */
export interface ArtifactSweeper {
  /** The first sweep (tests wait for it). */
  readonly first: Promise<void>;
  stop(): Promise<void>;
}

/** Starts sweeping; a failed sweep is logged and tried again at the next interval. */
export function startArtifactSweeper(
  artifacts: Pick<ArtifactService, 'sweep'>,
  log: FastifyBaseLogger,
  intervalMs = SWEEP_INTERVAL_MS,
  // Projects' own artifact retention days (docs/retention.md), read before each sweep.
  projectDays: () => Promise<ReadonlyMap<string, number>> = async () => new Map(),
): ArtifactSweeper {
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = projectDays().then((days) => artifacts.sweep(days)).then(
      (removed) => {
        if (removed) log.info({ removed }, 'artifact retention: removed the artifacts of runs uploaded before the retention period');
      },
      (error) => log.error({ err: error }, 'artifact retention sweep failed'),
    );
    return running;
  };
  const first = sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return {
    first,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
