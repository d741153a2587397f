/**
 * Writes decisions' `judge` spans through the ingest service, grouping concurrent decisions into one
 * `ingestSpanEvents` call per project (one transaction for many spans, rollups summed once). Each
 * caller still waits for its own span to be committed, so a decision is answered only after its span
 * is in the trace. The first span of an idle period is written on the next turn of the event loop.
 */
import type { IngestService, ServerSpanEvent } from '../ingest/ingest-service.js';

/** Most spans written in one call. */
export const JUDGE_SPAN_BATCH = 256;

interface Pending {
  event: ServerSpanEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Creates the writer over an ingest service. */
export function createJudgeSpanWriter(ingest: Pick<IngestService, 'ingestSpanEvents'>) {
  let queue = new Map<string, Pending[]>();
  let queued = 0;
  let running: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (queued > 0) {
      const batch = queue;
      queue = new Map();
      queued = 0;
      await Promise.all([...batch].flatMap(([projectId, items]) => {
        const chunks: Pending[][] = [];
        for (let i = 0; i < items.length; i += JUDGE_SPAN_BATCH) chunks.push(items.slice(i, i + JUDGE_SPAN_BATCH));
        return chunks.map(async (chunk) => {
          try {
            await ingest.ingestSpanEvents(projectId, { events: chunk.map((p) => p.event), allow_missing_parent: true });
            for (const p of chunk) p.resolve();
          } catch (error) {
            for (const p of chunk) p.reject(error);
          }
        });
      }));
    }
  }

  function kick() {
    if (running) return;
    running = new Promise<void>((done) => setImmediate(done)).then(flush).finally(() => {
      running = null;
      if (queued > 0) kick(); // spans queued while the last call was finishing
    });
  }

  return {
    /** Adds one span-closing event (an END that carries the whole span); resolves once it is committed. */
    write(projectId: string, event: ServerSpanEvent): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const items = queue.get(projectId);
        if (items) items.push({ event, resolve, reject });
        else queue.set(projectId, [{ event, resolve, reject }]);
        queued++;
        kick();
      });
    },
  };
}

/** The judge span writer. */
export type JudgeSpanWriter = ReturnType<typeof createJudgeSpanWriter>;
