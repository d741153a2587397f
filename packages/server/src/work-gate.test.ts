import { describe, expect, it } from 'vitest';
import { BusyError } from './domain-errors.js';
import { createWorkGate } from './work-gate.js';

describe('work gate', () => {
  it('runs at most `concurrency` jobs, queues `maxWaiting`, refuses the rest with 503 at once', async () => {
    const gate = createWorkGate({ concurrency: 2, maxWaiting: 3, busyMessage: 'busy' });
    let running = 0;
    let peak = 0;
    const job = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return 'done';
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => gate.run(job)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(5);
    expect(refused[0].reason).toBeInstanceOf(BusyError);
    expect(refused[0].reason).toMatchObject({ kind: 'unavailable', code: 'busy', retryAfterSeconds: 1 }); // 503 with Retry-After: http-errors.test.ts
    expect(peak).toBe(2);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
    // A failing job frees its slot.
    await expect(gate.run(async () => { throw new Error('x'); })).rejects.toThrow('x');
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });
});
